// RateBudget waits seen from outside, on a FakeClock whose sleepers block until the test moves it: a
// wait says until when it lasts (liveness checks count it as progress), and Close() ends it at once.
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "api/client/rate_budget.h"

namespace edgecert::api {
namespace {

using namespace std::chrono_literals;

// Waits in real time (bounded) until `done`: for watching another thread, never for fake time.
template <typename F>
bool PollUntil(F done) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST(RateBudgetWaitTest, AWaitSaysUntilWhenAndWhenItEnded) {
  FakeClock clock(FakeClock().Now(), FakeClock::Sleepers::kBlock);
  RateBudget budget(clock, {.capacity = 1, .period = 300s, .read_reserve = 0});
  ASSERT_TRUE(budget.Acquire().ok());  // the only token
  const auto t0 = clock.Monotonic();
  std::optional<Result<Clock::Duration>> got;
  std::thread waiter([&] { got.emplace(budget.Acquire()); });
  const std::thread::id id = waiter.get_id();
  ASSERT_TRUE(PollUntil([&] { return clock.sleeping() == 1; }));
  EXPECT_EQ(budget.WaitOf(id).until, std::optional(t0 + 300s));
  EXPECT_FALSE(budget.WaitOf(std::this_thread::get_id()).until.has_value()) << "this thread does not wait";
  clock.Advance(300s);
  waiter.join();
  ASSERT_TRUE(got.has_value() && got->ok());
  EXPECT_EQ(**got, 300s);
  EXPECT_FALSE(budget.WaitOf(id).until.has_value());
  EXPECT_EQ(budget.WaitOf(id).last_end, t0 + 300s);
}

TEST(RateBudgetWaitTest, CloseEndsARetryAfterWaitAtOnceAndOpenUndoesIt) {
  FakeClock clock(FakeClock().Now(), FakeClock::Sleepers::kBlock);
  RateBudget budget(clock, {.capacity = 10, .period = 300s});
  const auto t0 = clock.Monotonic();
  budget.BlockUntil(t0 + 900s);  // a 429's Retry-After at its 15-minute clamp
  std::optional<Result<Clock::Duration>> got;
  std::thread waiter([&] { got.emplace(budget.Acquire(RequestPriority::kWrite)); });
  ASSERT_TRUE(PollUntil([&] { return clock.sleeping() == 1; }));
  budget.Close();
  waiter.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->status().code(), StatusCode::kCancelled) << got->status().ToString();
  EXPECT_EQ(clock.Monotonic(), t0) << "no time had to pass";
  // Closed: later calls fail at once, and other waits before a send (retry backoff) end too.
  EXPECT_EQ(budget.Acquire().status().code(), StatusCode::kCancelled);
  EXPECT_TRUE(budget.closing().stop_requested());
  budget.Open();
  EXPECT_FALSE(budget.closing().stop_requested());
  clock.Advance(900s);
  EXPECT_EQ(budget.Available(), 10u) << "a cancelled wait took no token";
  EXPECT_TRUE(budget.Acquire().ok());
}

}  // namespace
}  // namespace edgecert::api
