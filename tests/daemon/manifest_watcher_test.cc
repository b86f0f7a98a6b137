#include "daemon/manifest_watcher.h"

#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <string>
#include <thread>

#include "tests/daemon/event_recorder.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::daemon {
namespace {

namespace fs = std::filesystem;
using edgecert::testing::EventRecorder;
using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

void Write(const fs::path& p, const std::string& text = "x: 1\n") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// What git-sync does: a new link under a temporary name renamed over the old one, atomically.
void SwapLink(const fs::path& link, const fs::path& new_target) {
  fs::path tmp = link.parent_path() / (link.filename().string() + ".tmp");
  fs::create_directory_symlink(new_target, tmp);
  fs::rename(tmp, link);
}

class ManifestWatcherTest : public ::testing::Test {
 protected:
  std::unique_ptr<ManifestWatcher> StartWatcher(const fs::path& root, std::chrono::milliseconds debounce = 100ms) {
    auto started = ManifestWatcher::Start(root, debounce, [this] { recorder_.Record(); });
    EXPECT_TRUE(started.ok()) << started.status().ToString();
    return started.ok() ? std::move(started).value() : nullptr;
  }

  // Makes the change, then waits for a callback that began after it.
  template <typename Change>
  bool SeenAfter(Change change) {
    change();
    return recorder_.WaitForEventAfter(Steady::now());
  }

  edgecert::testing::TempDir tmp_;
  fs::path base_ = fs::canonical(tmp_.path());
  EventRecorder recorder_;  // outlives nothing that calls it: watchers are locals of each test
};

TEST_F(ManifestWatcherTest, StartRefusesAMissingRootNamingIt) {
  auto started = ManifestWatcher::Start(base_ / "absent", 100ms, [] {});
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.status().code(), StatusCode::kNotFound);
  EXPECT_NE(started.status().message().find((base_ / "absent").string()), std::string::npos);
  EXPECT_NE(started.status().message().find("No such file"), std::string::npos);
}

TEST_F(ManifestWatcherTest, ABurstOfWritesGivesOneCallback) {
  Write(base_ / "m" / "a.yaml");
  // Long enough that the burst below (a few milliseconds) is never split, even on a loaded machine.
  auto watcher = StartWatcher(base_ / "m", 500ms);
  ASSERT_NE(watcher, nullptr);

  for (int i = 0; i < 20; ++i) Write(base_ / "m" / ("f" + std::to_string(i) + ".yaml"));
  ASSERT_TRUE(recorder_.WaitForCount(1));
  // A later change is a second burst; had the first been split, this would be the third callback.
  Write(base_ / "m" / "a.yaml", "x: 2\n");
  ASSERT_TRUE(recorder_.WaitForCount(2));
  EXPECT_EQ(recorder_.count(), 2u);
  EXPECT_EQ(watcher->stats().bursts, 2u);
  EXPECT_TRUE(watcher->health().ok());
}

TEST_F(ManifestWatcherTest, EditsInNewSubdirectoriesAreSeen) {
  Write(base_ / "m" / "a.yaml");
  auto watcher = StartWatcher(base_ / "m");
  ASSERT_NE(watcher, nullptr);

  ASSERT_TRUE(SeenAfter([&] { fs::create_directories(base_ / "m" / "team" / "deep"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "m" / "team" / "deep" / "b.yaml"); }));
  // Created and filled at once: the directory's creation is the change; the file is watched afterwards.
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "m" / "x" / "y" / "z" / "c.yaml"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "m" / "x" / "y" / "z" / "c.yaml", "x: 2\n"); }));
  EXPECT_GE(watcher->stats().rearms, 2u);
}

TEST_F(ManifestWatcherTest, GitSyncSwapOfTheRootLinkIsSeenAndTheNewTargetWatched) {
  // git-sync v4 layout: ROOT/.worktrees/<hash> and ROOT/current -> .worktrees/<hash>.
  Write(base_ / ".worktrees" / "rev1" / "a.yaml");
  Write(base_ / ".worktrees" / "rev2" / "a.yaml", "x: 2\n");
  fs::create_directory_symlink(".worktrees/rev1", base_ / "current");
  auto watcher = StartWatcher(base_ / "current");
  ASSERT_NE(watcher, nullptr);

  ASSERT_TRUE(SeenAfter([&] { SwapLink(base_ / "current", ".worktrees/rev2"); }));
  // git-sync then removes the old worktree: no longer part of the tree, so not a change by itself.
  fs::remove_all(base_ / ".worktrees" / "rev1");
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / ".worktrees" / "rev2" / "b.yaml"); }));
  EXPECT_TRUE(watcher->health().ok());
}

TEST_F(ManifestWatcherTest, GitSyncSwapOfAParentLinkIsSeen) {
  Write(base_ / "rev1" / "deploy" / "a.yaml");
  Write(base_ / "rev2" / "deploy" / "a.yaml", "x: 2\n");
  fs::create_directory_symlink("rev1", base_ / "current");
  auto watcher = StartWatcher(base_ / "current" / "deploy");
  ASSERT_NE(watcher, nullptr);

  ASSERT_TRUE(SeenAfter([&] { SwapLink(base_ / "current", "rev2"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "rev2" / "deploy" / "sub" / "b.yaml"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "rev2" / "deploy" / "sub" / "b.yaml", "x: 3\n"); }));
}

TEST_F(ManifestWatcherTest, RootRemovedAndCreatedAgainIsWatchedAgain) {
  Write(base_ / "m" / "a.yaml");
  auto watcher = StartWatcher(base_ / "m");
  ASSERT_NE(watcher, nullptr);

  ASSERT_TRUE(SeenAfter([&] { fs::remove_all(base_ / "m"); }));
  ASSERT_TRUE(SeenAfter([&] { fs::create_directory(base_ / "m"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "m" / "a.yaml", "x: 2\n"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "m" / "a.yaml", "x: 3\n"); }));
}

TEST_F(ManifestWatcherTest, LinkedDirectoryAndFileOutsideTheTreeAreWatched) {
  Write(base_ / "m" / "a.yaml");
  Write(base_ / "shared" / "s.yaml");
  Write(base_ / "elsewhere" / "one.yaml");
  fs::create_directory_symlink("../shared", base_ / "m" / "shared");
  fs::create_symlink("../elsewhere/one.yaml", base_ / "m" / "one.yaml");
  auto watcher = StartWatcher(base_ / "m");
  ASSERT_NE(watcher, nullptr);

  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "shared" / "s.yaml", "x: 2\n"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "elsewhere" / "one.yaml", "x: 2\n"); }));
  // An editor's atomic save replaces the linked file's inode; the new one must be watched.
  ASSERT_TRUE(SeenAfter([&] {
    Write(base_ / "elsewhere" / "one.yaml.new", "x: 3\n");
    fs::rename(base_ / "elsewhere" / "one.yaml.new", base_ / "elsewhere" / "one.yaml");
  }));
  ASSERT_TRUE(SeenAfter([&] { Write(base_ / "elsewhere" / "one.yaml", "x: 4\n"); }));
}

TEST_F(ManifestWatcherTest, ConfigMapStyleHiddenLinkSwapIsSeen) {
  // A Kubernetes ConfigMap volume: name -> ..data/name, ..data -> ..<timestamp>, swapped atomically.
  fs::path m = base_ / "m";
  Write(m / "..2024_1" / "a.yaml");
  Write(m / "..2024_2" / "a.yaml", "x: 2\n");
  fs::create_directory_symlink("..2024_1", m / "..data");
  fs::create_symlink("..data/a.yaml", m / "a.yaml");
  auto watcher = StartWatcher(m);
  ASSERT_NE(watcher, nullptr);

  ASSERT_TRUE(SeenAfter([&] { SwapLink(m / "..data", "..2024_2"); }));
  ASSERT_TRUE(SeenAfter([&] { Write(m / "..2024_2" / "a.yaml", "x: 3\n"); }));
}

TEST_F(ManifestWatcherTest, EndlessWritesStillCallBackWithinTheMaximumWait) {
  Write(base_ / "m" / "a.yaml");
  auto watcher = StartWatcher(base_ / "m", 100ms);  // maximum wait: 2 s
  ASSERT_NE(watcher, nullptr);

  // Writes every few milliseconds, far closer than the debounce, until the callback comes.
  Steady::time_point give_up = Steady::now() + EventRecorder::kDeadline;
  int i = 0;
  while (recorder_.count() == 0 && Steady::now() < give_up) {
    Write(base_ / "m" / "a.yaml", "x: " + std::to_string(++i) + "\n");
    std::this_thread::sleep_for(5ms);  // pacing the writer, not synchronisation
  }
  EXPECT_GE(recorder_.count(), 1u);
}

TEST_F(ManifestWatcherTest, QueueOverflowCountsAsAChange) {
  int max_queued = 0;
  std::ifstream("/proc/sys/fs/inotify/max_queued_events") >> max_queued;
  if (max_queued <= 0 || max_queued > 200'000) GTEST_SKIP() << "max_queued_events=" << max_queued;
  Write(base_ / "m" / "a.yaml");
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto started = ManifestWatcher::Start(base_ / "m", 10ms, [this, released] {
    recorder_.Record();
    if (recorder_.count() == 1) released.wait();  // holds the watcher thread while the queue fills
  });
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  auto watcher = std::move(started).value();
  // Declared after the watcher, so released before the watcher's destructor joins, whatever fails.
  struct Release {
    std::promise<void>& promise;
    bool done = false;
    void Now() {
      if (!std::exchange(done, true)) promise.set_value();
    }
    ~Release() { Now(); }
  } release_guard{release};

  Write(base_ / "m" / "a.yaml", "x: 2\n");
  ASSERT_TRUE(recorder_.WaitForCount(1));
  // Each new file queues at least two events (create, close-after-write); none are read meanwhile.
  for (int i = 0; i <= max_queued / 2 + 1; ++i) Write(base_ / "m" / ("f" + std::to_string(i) + ".yaml"));
  release_guard.Now();
  ASSERT_TRUE(recorder_.WaitForCount(2));
  EXPECT_GE(watcher->stats().overflows, 1u);
}

TEST_F(ManifestWatcherTest, DestructionDuringABurstReturnsWithoutCallingBack) {
  Write(base_ / "m" / "a.yaml");
  auto watcher = StartWatcher(base_ / "m", std::chrono::hours(1));
  ASSERT_NE(watcher, nullptr);
  Write(base_ / "m" / "a.yaml", "x: 2\n");
  watcher.reset();  // must not wait for the hour
  EXPECT_EQ(recorder_.count(), 0u);
}

}  // namespace
}  // namespace edgecert::daemon
