#include "reconcile/kinds/read_back.h"

#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

TEST(ReadBackTest, HostSetsIgnoreOrderCaseDuplicatesAndTrailingDot) {
  EXPECT_TRUE(SameHostSet({"www.example.com", "example.com"}, {"Example.COM.", "www.example.com", "example.com"}));
  EXPECT_FALSE(SameHostSet({"www.example.com", "example.com"}, {"example.com"}));
  EXPECT_EQ(JoinHostSet({"B.example.com", "a.example.com "}), "a.example.com,b.example.com");
}

TEST(ReadBackTest, OmittedBooleanEqualsItsDefault) {
  EXPECT_TRUE(SameOptionalBool(false, std::nullopt, false));  // cloudflare_branding: false reads back absent
  EXPECT_FALSE(SameOptionalBool(true, std::nullopt, false));
  EXPECT_TRUE(SameOptionalBool(std::nullopt, std::nullopt, true));
}

}  // namespace
}  // namespace edgecert::reconcile
