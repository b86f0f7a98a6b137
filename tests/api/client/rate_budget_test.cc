#include "api/client/rate_budget.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace edgecert::api {
namespace {

using namespace std::chrono_literals;

// Largest number of grants inside any window of `period` (grants sorted).
std::size_t MaxInWindow(const std::vector<Clock::MonoTime>& grants, Clock::Duration period) {
  std::size_t best = 0;
  std::size_t lo = 0;
  for (std::size_t hi = 0; hi < grants.size(); ++hi) {
    while (grants[hi] - grants[lo] >= period) ++lo;
    best = std::max(best, hi - lo + 1);
  }
  return best;
}

TEST(RateBudgetTest, BurstOf2000IsHeldToTheDefaultRate) {
  FakeClock clock;
  RateBudget budget(clock);  // 1200 per 300 s
  const auto t0 = clock.Monotonic();
  std::vector<Clock::MonoTime> grants;
  Clock::Duration total_wait{0};
  for (int i = 0; i < 2000; ++i) {
    total_wait += *budget.Acquire();
    grants.push_back(clock.Monotonic());
  }
  EXPECT_EQ(MaxInWindow(grants, 300s), 1200u);
  // The first 1200 go at once; the other 800 wait for tokens spent 300 s earlier to return.
  EXPECT_EQ(grants[1199], t0);
  EXPECT_EQ(grants[1200], t0 + 300s);
  EXPECT_EQ(clock.Monotonic() - t0, 300s);
  EXPECT_GE(total_wait, 300s);
}

TEST(RateBudgetTest, TokensReturnOnePeriodAfterUse) {
  FakeClock clock;
  RateBudget budget(clock, {.capacity = 3, .period = 10s});
  EXPECT_EQ(budget.Available(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(*budget.Acquire(), 0s);
  EXPECT_EQ(budget.Available(), 0u);
  clock.Advance(9s);
  EXPECT_EQ(budget.Available(), 0u);
  clock.Advance(1s);
  EXPECT_EQ(budget.Available(), 3u);
}

TEST(RateBudgetTest, RetryAfterBlocksEveryoneAndNeverShrinks) {
  FakeClock clock;
  RateBudget budget(clock, {.capacity = 100, .period = 300s});
  const auto t0 = clock.Monotonic();
  budget.BlockUntil(t0 + 60s);
  budget.BlockUntil(t0 + 10s);  // a shorter block must not shorten the longer one
  EXPECT_EQ(budget.Available(), 0u);
  EXPECT_EQ(*budget.Acquire(), 60s);
  EXPECT_EQ(clock.Monotonic(), t0 + 60s);
  EXPECT_EQ(*budget.Acquire(), 0s);
}

TEST(RateBudgetTest, AWallClockStepNeitherStallsNorRefillsTheBudget) {
  FakeClock clock;
  RateBudget budget(clock, {.capacity = 2, .period = 10s, .read_reserve = 0});
  const auto t0 = clock.Monotonic();
  EXPECT_EQ(*budget.Acquire(), 0s);
  EXPECT_EQ(*budget.Acquire(), 0s);
  clock.StepWall(24h);  // NTP steps the wall clock a day forwards: no token comes back early
  EXPECT_EQ(budget.Available(), 0u);
  clock.StepWall(-25h);  // and an hour behind where it was: the tokens still come back on time
  EXPECT_EQ(*budget.Acquire(), 10s);
  EXPECT_EQ(clock.Monotonic(), t0 + 10s);
  budget.BlockUntil(clock.Monotonic() + 30s);  // a Retry-After
  clock.StepWall(-1h);
  EXPECT_EQ(*budget.Acquire(), 30s);
}

TEST(RateBudgetTest, ConcurrentCallersShareOneBudget) {
  FakeClock clock;
  RateBudget budget(clock, {.capacity = 50, .period = 300s});
  const auto t0 = clock.Monotonic();
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 40; ++i) {
        ASSERT_TRUE(budget.Acquire().ok());
        ++granted;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(granted.load(), 160);
  // 160 tokens from a budget of 50 per 300 s need at least three full periods, however the four
  // callers interleave.
  EXPECT_GE(clock.Monotonic() - t0, 900s);
}

TEST(RateBudgetTest, WritesLeaveTheReserveToReads) {
  FakeClock clock;
  RateBudget budget(clock, {.capacity = 20, .period = 60s, .read_reserve = 4});
  const auto t0 = clock.Monotonic();
  for (int i = 0; i < 16; ++i) EXPECT_EQ(*budget.Acquire(RequestPriority::kWrite), 0s);
  // The budget is short: reads (the polls that move pending objects forward) still go at once ...
  clock.Advance(10s);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(*budget.Acquire(RequestPriority::kRead), 0s);
  EXPECT_EQ(budget.Available(), 0u);
  // ... while the next write waits for a token to come back, 60 s after the first writes.
  EXPECT_EQ(*budget.Acquire(RequestPriority::kWrite), 50s);
  EXPECT_EQ(clock.Monotonic(), t0 + 60s);
}

TEST(RateBudgetTest, AWriteWaitsWhileOnlyTheReserveIsLeftAndAReadDoesNot) {
  FakeClock clock;
  RateBudget budget(clock, {.capacity = 10, .period = 100s, .read_reserve = 2});
  const auto t0 = clock.Monotonic();
  for (int i = 0; i < 8; ++i) {
    ASSERT_TRUE(budget.Acquire(RequestPriority::kWrite).ok());
    clock.Advance(1s);  // tokens spent at t0, t0+1 s, ..., t0+7 s
  }
  EXPECT_EQ(budget.Available(), 2u);
  EXPECT_EQ(*budget.Acquire(RequestPriority::kRead), 0s);
  // Two tokens must come back before a write fits under the reserve: the second write's, at t0+101 s.
  EXPECT_EQ(*budget.Acquire(RequestPriority::kWrite), t0 + 101s - (t0 + 8s));
  EXPECT_EQ(clock.Monotonic(), t0 + 101s);
}

TEST(RateBudgetTest, TheDefaultReserveIsAFewPercentAndNeverTheWholeBudget) {
  FakeClock clock;
  EXPECT_EQ(RateBudget(clock).read_reserve(), 60u);  // 5 % of 1200
  EXPECT_EQ(RateBudget(clock, {.capacity = 1, .period = 1s}).read_reserve(), 0u);
  EXPECT_EQ(RateBudget(clock, {.capacity = 4, .period = 1s, .read_reserve = 9}).read_reserve(), 3u);
  RateBudget tiny(clock, {.capacity = 1, .period = 1s});
  EXPECT_EQ(*tiny.Acquire(RequestPriority::kWrite), 0s);
}

TEST(RateBudgetTest, ParsesRequestsPerPeriod) {
  auto cloudflare = ParseRateBudget("1200/5m");
  ASSERT_TRUE(cloudflare.ok()) << cloudflare.status().ToString();
  EXPECT_EQ(cloudflare->capacity, 1200u);
  EXPECT_EQ(cloudflare->period, 300s);
  auto shared = ParseRateBudget("600/300s");
  ASSERT_TRUE(shared.ok());
  EXPECT_EQ(shared->capacity, 600u);
  EXPECT_EQ(shared->period, 300s);
  for (const char* bad : {"1200", "/5m", "0/5m", "12x/5m", "1200/", "1200/soon", "-5/5m", "1200/0s"}) {
    auto parsed = ParseRateBudget(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("REQUESTS/PERIOD"), std::string::npos) << parsed.status().ToString();
  }
}

}  // namespace
}  // namespace edgecert::api
