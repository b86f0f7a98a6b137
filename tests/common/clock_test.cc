#include "common/clock.h"

#include <gtest/gtest.h>

#include <thread>

namespace edgecert {
namespace {

using namespace std::chrono_literals;

// Waits in real time (bounded) until `done`; for watching another thread, never for fake time.
template <typename F>
bool PollUntil(F done) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(FakeClockTest, SleepAdvancesWithoutWaiting) {
  FakeClock clock;
  auto t0 = clock.Now();
  auto m0 = clock.Monotonic();
  clock.SleepFor(300s);
  EXPECT_EQ(clock.Now() - t0, 300s);
  EXPECT_EQ(clock.Monotonic() - m0, 300s);
}

TEST(FakeClockTest, NegativeAdvanceIsIgnored) {
  FakeClock clock;
  auto t0 = clock.Now();
  clock.Advance(-5s);
  EXPECT_EQ(clock.Now(), t0);
}

TEST(FakeClockTest, AWallStepMovesTheWallReadingOnlyEitherWay) {
  FakeClock clock;
  const auto t0 = clock.Now();
  const auto m0 = clock.Monotonic();
  clock.StepWall(-1h);
  EXPECT_EQ(clock.Now(), t0 - 1h);
  EXPECT_EQ(clock.Monotonic(), m0);
  clock.StepWall(25h);
  EXPECT_EQ(clock.Now(), t0 + 24h);
  EXPECT_EQ(clock.Monotonic(), m0);
  clock.Advance(10s);  // time passing moves both
  EXPECT_EQ(clock.Now(), t0 + 24h + 10s);
  EXPECT_EQ(clock.Monotonic(), m0 + 10s);
  // A monotonic deadline shown to people follows the wall reading.
  EXPECT_EQ(clock.WallAt(m0 + 70s), t0 + 24h + 70s);
}

TEST(FakeClockTest, AStoppedSleepEndsWithoutMovingTime) {
  FakeClock clock;
  std::stop_source stop;
  stop.request_stop();
  const auto m0 = clock.Monotonic();
  EXPECT_FALSE(clock.SleepUntil(m0 + 900s, stop.get_token()));
  EXPECT_EQ(clock.Monotonic(), m0);
  EXPECT_TRUE(clock.SleepUntil(m0 + 900s, std::stop_token()));
  EXPECT_EQ(clock.Monotonic(), m0 + 900s);
}

TEST(FakeClockTest, ABlockingSleeperWakesAtItsDeadlineOrAtItsStop) {
  FakeClock clock(FakeClock().Now(), FakeClock::Sleepers::kBlock);
  const auto m0 = clock.Monotonic();
  std::optional<bool> reached;
  std::thread sleeper([&] { reached = clock.SleepUntil(m0 + 60s, std::stop_token()); });
  ASSERT_TRUE(PollUntil([&] { return clock.sleeping() == 1; }));
  clock.Advance(59s);
  clock.Advance(1s);
  sleeper.join();
  EXPECT_EQ(reached, std::optional<bool>(true));

  std::stop_source stop;
  std::optional<bool> cancelled;
  std::thread waiter([&] { cancelled = clock.SleepUntil(clock.Monotonic() + 900s, stop.get_token()); });
  ASSERT_TRUE(PollUntil([&] { return clock.sleeping() == 1; }));
  stop.request_stop();
  waiter.join();
  EXPECT_EQ(cancelled, std::optional<bool>(false));
  EXPECT_EQ(clock.Monotonic(), m0 + 60s);
}

TEST(SystemClockTest, MovesForward) {
  SystemClock clock;
  auto t0 = clock.Monotonic();
  EXPECT_GE(clock.Monotonic(), t0);
}

TEST(SystemClockTest, AStopRequestEndsASleepAtOnce) {
  SystemClock clock;
  std::stop_source stop;
  std::thread stopper([&] { stop.request_stop(); });
  // An hour away: only the stop request can end it.
  EXPECT_FALSE(clock.SleepUntil(clock.Monotonic() + 1h, stop.get_token()));
  stopper.join();
}

}  // namespace
}  // namespace edgecert
