#include "api/client/retry_policy.h"

#include <gtest/gtest.h>

namespace edgecert::api {
namespace {

using namespace std::chrono_literals;

TEST(RetryPolicyTest, BoundedTries) {
  RetryPolicy p({.max_attempts = 3, .base_delay = 100ms, .max_delay = 1s, .seed = 1});
  EXPECT_TRUE(p.ShouldRetry(1));
  EXPECT_TRUE(p.ShouldRetry(2));
  EXPECT_FALSE(p.ShouldRetry(3));
}

TEST(RetryPolicyTest, FullJitterStaysUnderTheExponentialCeiling) {
  RetryPolicy p({.max_attempts = 10, .base_delay = 100ms, .max_delay = 2s, .seed = 7});
  for (int attempt = 1; attempt <= 8; ++attempt) {
    Clock::Duration ceiling = std::min<Clock::Duration>(100ms * (1 << (attempt - 1)), 2s);
    for (int i = 0; i < 200; ++i) {
      const auto d = p.BackoffAfter(attempt);
      EXPECT_GE(d, 0s);
      EXPECT_LE(d, ceiling);
    }
  }
}

TEST(RetryPolicyTest, JitterSpreadsAcrossTheRange) {
  RetryPolicy p({.max_attempts = 10, .base_delay = 1s, .max_delay = 1s, .seed = 3});
  int low = 0, high = 0;
  for (int i = 0; i < 1000; ++i) {
    (p.BackoffAfter(1) < 500ms ? low : high)++;
  }
  EXPECT_GT(low, 400);
  EXPECT_GT(high, 400);
}

TEST(RetryPolicyTest, SameSeedSameDelays) {
  RetryPolicy a({.max_attempts = 5, .base_delay = 100ms, .max_delay = 10s, .seed = 42});
  RetryPolicy b({.max_attempts = 5, .base_delay = 100ms, .max_delay = 10s, .seed = 42});
  for (int attempt = 1; attempt < 5; ++attempt) EXPECT_EQ(a.BackoffAfter(attempt), b.BackoffAfter(attempt));
}

TEST(RetryPolicyTest, HugeAttemptNumbersDoNotOverflow) {
  RetryPolicy p({.max_attempts = 1000, .base_delay = 1s, .max_delay = 30s, .seed = 1});
  for (int i = 0; i < 50; ++i) EXPECT_LE(p.BackoffAfter(500), 30s);
}

}  // namespace
}  // namespace edgecert::api
