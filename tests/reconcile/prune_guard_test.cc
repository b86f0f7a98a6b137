#include "reconcile/prune_guard.h"

#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

TEST(PruneGuardTest, PastTheCapNothingIsDeletedUntilApproved) {
  EXPECT_EQ(DecidePrunes({"a", "b"}, true, 5, PruneGuardOptions{2, false}).allowed.size(), 2u);
  // A stop, not a rate: three candidates with a cap of two delete none of them.
  auto d = DecidePrunes({"a", "b", "c"}, true, 5, PruneGuardOptions{2, false});
  EXPECT_TRUE(d.allowed.empty());
  ASSERT_EQ(d.held_back.size(), 3u);
  EXPECT_NE(d.held_back[2].find("would pass --max-deletions 2"), std::string::npos) << d.held_back[2];
  EXPECT_NE(d.held_back[2].find("approve-deletions"), std::string::npos) << d.held_back[2];
  PruneGuardOptions approved{2, false};
  approved.approved = true;
  EXPECT_EQ(DecidePrunes({"a", "b", "c"}, true, 5, approved).allowed.size(), 3u);
}

TEST(PruneGuardTest, DeletionsAlreadyDoneInTheWindowCount) {
  PruneGuardOptions options{2, false};
  options.deleted_in_window = 2;
  EXPECT_TRUE(DecidePrunes({"a"}, true, 5, options).allowed.empty());
  options.deleted_in_window = 1;
  EXPECT_EQ(DecidePrunes({"a"}, true, 5, options).allowed.size(), 1u);
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
