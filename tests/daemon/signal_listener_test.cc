#include "daemon/signal_listener.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <unistd.h>

#include "tests/daemon/event_recorder.h"

namespace edgecert::daemon {
namespace {

using edgecert::testing::EventRecorder;

bool Blocked(int sig) {
  sigset_t mask;
  ::pthread_sigmask(SIG_BLOCK, nullptr, &mask);
  return sigismember(&mask, sig) == 1;
}

// gtest runs each test on the main thread and starts no threads of its own, so the listener's mask
// covers the whole process here, as it does in main().
TEST(SignalListenerTest, ReportsEachSignalSentToTheProcess) {
  EventRecorder recorder;
  auto started = SignalListener::Start([&](int sig) { recorder.Record(sig); });
  ASSERT_TRUE(started.ok()) << started.status().ToString();

  ASSERT_EQ(::kill(::getpid(), SIGHUP), 0);
  ASSERT_TRUE(recorder.WaitForValue(SIGHUP));
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ASSERT_TRUE(recorder.WaitForValue(SIGTERM));
  std::size_t after_first = recorder.count();
  // The second SIGTERM (the run command exits at once on it) is reported as well.
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  ASSERT_TRUE(recorder.WaitForValue(SIGTERM, after_first));
  ASSERT_EQ(::kill(::getpid(), SIGINT), 0);
  ASSERT_TRUE(recorder.WaitForValue(SIGINT));
  EXPECT_EQ(recorder.count(), 4u);
}

TEST(SignalListenerTest, RestoresTheSignalMaskWhenDestroyed) {
  ASSERT_FALSE(Blocked(SIGHUP));
  {
    auto started = SignalListener::Start([](int) {});
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    EXPECT_TRUE(Blocked(SIGHUP));
    EXPECT_TRUE(Blocked(SIGTERM));
    EXPECT_TRUE(Blocked(SIGINT));
  }
  EXPECT_FALSE(Blocked(SIGHUP));
  EXPECT_FALSE(Blocked(SIGTERM));
  EXPECT_FALSE(Blocked(SIGINT));
}

TEST(SignalListenerTest, ASignalPendingAtDestructionIsDroppedNotFatal) {
  {
    EventRecorder recorder;
    auto started = SignalListener::Start([&](int sig) { recorder.Record(sig); });
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    auto listener = std::move(started).value();
    // Raised into the destructor's window: whether the thread reads it or the drain drops it, the
    // process must survive the mask being restored.
    ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  }
  // Still running, and nothing left pending to take its default action later.
  sigset_t pending;
  ASSERT_EQ(::sigpending(&pending), 0);
  EXPECT_EQ(sigismember(&pending, SIGTERM), 0);
  EXPECT_FALSE(Blocked(SIGTERM));
}

}  // namespace
}  // namespace edgecert::daemon
