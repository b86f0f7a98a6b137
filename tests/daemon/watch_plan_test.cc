#include "daemon/watch_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "tests/reconcile/temp_dir.h"

namespace edgecert::daemon {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

void Write(const fs::path& p, const std::string& text = "x: 1\n") {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

class WatchPlanTest : public ::testing::Test {
 protected:
  edgecert::testing::TempDir tmp_;
  // Canonical, as the plan's paths are (the temp dir itself may sit behind a symlink).
  fs::path base_ = fs::canonical(tmp_.path());
};

TEST_F(WatchPlanTest, TreeDirectoriesFollowLinksAndSkipHiddenEntries) {
  fs::path root = base_ / "m";
  Write(root / "a.yaml");
  Write(root / "team" / "nested" / "b.yaml");
  Write(root / ".git" / "objects" / "pack");
  Write(base_ / "shared" / "c.yaml");
  Write(base_ / "single.yaml");
  fs::create_directory_symlink("../shared", root / "shared");
  fs::create_symlink(base_ / "single.yaml", root / "single.yaml");
  fs::create_directory_symlink(".", root / "team" / "self");  // a loop back to its own directory

  WatchPlan plan = PlanWatches(root);

  EXPECT_THAT(plan.directories, ::testing::UnorderedElementsAre(root, root / "team", root / "team" / "nested",
                                                                base_ / "shared"));
  EXPECT_THAT(plan.directories, Not(Contains(root / ".git")));
  EXPECT_THAT(plan.linked_files, ElementsAre(base_ / "single.yaml"));
  EXPECT_THAT(plan.anchors, Contains(WatchAnchor{base_, "m"}));
  EXPECT_THAT(plan.anchors, Contains(WatchAnchor{root, "shared"}));
  EXPECT_THAT(plan.anchors, Contains(WatchAnchor{root, "single.yaml"}));
}

TEST_F(WatchPlanTest, GitSyncLinkAsRootIsAnAnchorAndItsTargetTheTree) {
  Write(base_ / ".worktrees" / "abc" / "deploy" / "a.yaml");
  fs::create_directory_symlink(".worktrees/abc", base_ / "current");

  WatchPlan plan = PlanWatches(base_ / "current" / "deploy");

  EXPECT_THAT(plan.directories, ElementsAre(base_ / ".worktrees" / "abc" / "deploy"));
  EXPECT_THAT(plan.anchors, Contains(WatchAnchor{base_, "current"}));
  EXPECT_THAT(plan.anchors, Contains(WatchAnchor{base_ / ".worktrees" / "abc", "deploy"}));
}

TEST_F(WatchPlanTest, MissingRootLeavesAnAnchorWhereItWouldBe) {
  WatchPlan plan = PlanWatches(base_ / "gone" / "deeper");

  EXPECT_TRUE(plan.directories.empty());
  EXPECT_THAT(plan.anchors, ElementsAre(WatchAnchor{base_, "gone"}));
}

TEST_F(WatchPlanTest, ResolveFollowsChainsAndNotesEveryLink) {
  Write(base_ / "real" / "f.yaml");
  fs::create_directory_symlink(base_ / "real", base_ / "abs");  // absolute target
  fs::create_directory_symlink("abs", base_ / "rel");           // relative, to another link

  std::vector<WatchAnchor> anchors;
  std::optional<fs::path> resolved = ResolveNotingLinks(base_ / "rel" / "." / "f.yaml", anchors);

  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(*resolved, base_ / "real" / "f.yaml");
  EXPECT_THAT(anchors, ElementsAre(WatchAnchor{base_, "rel"}, WatchAnchor{base_, "abs"}));
}

TEST_F(WatchPlanTest, ResolveGivesUpOnALinkLoop) {
  fs::create_symlink("b", base_ / "a");
  fs::create_symlink("a", base_ / "b");

  std::vector<WatchAnchor> anchors;
  EXPECT_FALSE(ResolveNotingLinks(base_ / "a", anchors).has_value());
  EXPECT_THAT(anchors, Contains(WatchAnchor{base_, "b"}));
}

}  // namespace
}  // namespace edgecert::daemon
