#include "common/status.h"

#include <gtest/gtest.h>

#include <sstream>

#include "common/secret.h"

namespace edgecert {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(StatusTest, RetryAdviceFollowsCode) {
  EXPECT_TRUE(Unavailable("x").IsRetryable());
  EXPECT_TRUE(Status(StatusCode::kResourceExhausted, "x").IsRetryable());
  EXPECT_FALSE(InvalidArgument("x").IsRetryable());
  EXPECT_FALSE(Status(StatusCode::kAmbiguous, "x").IsRetryable());
}

TEST(StatusTest, WithContextPrefixesMessageAndKeepsCode) {
  Status s = NotFound("no such pack").WithContext("zone example.com");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NotFound: zone example.com: no such pack");
}

TEST(ResultTest, HoldsValueOrStatus) {
  Result<int> good = 42;
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 42);
  Result<int> bad = InvalidArgument("nope");
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(ResultTest, OkStatusWithoutValueBecomesInternal) {
  Result<int> r = Status::Ok();
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(SecretTest, PrintsRedacted) {
  Secret s("tok-very-secret");
  std::ostringstream os;
  os << s;
  EXPECT_EQ(os.str(), "[redacted]");
  EXPECT_EQ(s.Reveal(), "tok-very-secret");
}

}  // namespace
}  // namespace edgecert
