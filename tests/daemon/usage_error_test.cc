// Usage errors suggest the nearest known spelling of a sub-command or flag.
#include "daemon/usage_error.h"

#include <gtest/gtest.h>

namespace edgecert::daemon {
namespace {

const std::vector<std::string> kKnown = {"plan", "apply", "run", "status", "--wait", "--timeout", "--max-deletions"};

TEST(UsageErrorTest, SuggestsTheNearestSubcommandOrFlag) {
  EXPECT_EQ(NearestName("aply", kKnown), "apply");
  EXPECT_EQ(NearestName("--wiat", kKnown), "--wait");
  EXPECT_EQ(NearestName("--max-deletion=3", kKnown), "--max-deletions");
  EXPECT_FALSE(NearestName("frobnicate", kKnown).has_value());
  EXPECT_EQ(DidYouMean({"aply", "frobnicate"}, kKnown), "  aply: did you mean apply?\n");
}

}  // namespace
}  // namespace edgecert::daemon
