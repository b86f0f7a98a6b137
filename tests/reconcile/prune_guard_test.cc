#include "reconcile/prune_guard.h"

#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

TEST(PruneGuardTest, AllowsUpToMaxDeletionsAndHoldsBackTheRest) {
  auto d = DecidePrunes({"a", "b", "c"}, true, 5, PruneGuardOptions{2, false});
  EXPECT_EQ(d.allowed, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(d.held_back.size(), 1u);
  EXPECT_EQ(d.held_back[0].rfind("c: more than --max-deletions 2", 0), 0u);
}

TEST(PruneGuardTest, RefusesEverythingWhenManifestsFailedToLoad) {
  auto d = DecidePrunes({"a"}, false, 0, PruneGuardOptions{10, true});
  EXPECT_TRUE(d.allowed.empty());
  ASSERT_EQ(d.held_back.size(), 1u);
  EXPECT_NE(d.held_back[0].find("failed to load"), std::string::npos);
}

TEST(PruneGuardTest, EmptyManifestsNeedAllowEmpty) {
  EXPECT_TRUE(DecidePrunes({"a"}, true, 0, PruneGuardOptions{}).allowed.empty());
  EXPECT_EQ(DecidePrunes({"a"}, true, 0, PruneGuardOptions{10, true}).allowed.size(), 1u);
}

}  // namespace
}  // namespace edgecert::reconcile
