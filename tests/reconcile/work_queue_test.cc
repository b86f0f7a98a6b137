#include "reconcile/work_queue.h"

#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

using namespace std::chrono_literals;

class WorkQueueTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  WorkQueue queue_{BackoffPolicy{1000ms, 60'000ms, 0.0}};
};

TEST_F(WorkQueueTest, DeduplicatesAndKeepsEarliestTime) {
  auto now = clock_.Monotonic();
  queue_.AddAt("pack/a", now + 10s);
  queue_.AddAt("pack/a", now + 5s);
  queue_.AddAt("pack/a", now + 20s);
  EXPECT_EQ(queue_.Waiting(), 1u);
  EXPECT_EQ(queue_.NextDue(), now + 5s);
  EXPECT_FALSE(queue_.Pop(now + 4s).has_value());
  EXPECT_EQ(queue_.Pop(now + 5s), "pack/a");
  EXPECT_EQ(queue_.Waiting(), 0u);
}

TEST_F(WorkQueueTest, PopsInDueOrder) {
  auto now = clock_.Monotonic();
  queue_.AddAt("b", now + 2s);
  queue_.AddAt("a", now + 1s);
  queue_.Add("c", now);
  EXPECT_EQ(queue_.Pop(now + 3s), "c");
  EXPECT_EQ(queue_.Pop(now + 3s), "a");
  EXPECT_EQ(queue_.Pop(now + 3s), "b");
  EXPECT_FALSE(queue_.Pop(now + 3s).has_value());
}

TEST_F(WorkQueueTest, ItemAddedWhileInFlightReturnsAfterDone) {
  auto now = clock_.Monotonic();
  queue_.Add("x", now);
  ASSERT_EQ(queue_.Pop(now), "x");
  queue_.Add("x", now);  // a manifest change arrives mid-reconcile
  EXPECT_FALSE(queue_.Pop(now).has_value()) << "never two workers on one object";
  EXPECT_EQ(queue_.InFlight(), 1u);
  queue_.Done("x", now);
  EXPECT_EQ(queue_.Pop(now), "x");
}

TEST_F(WorkQueueTest, BackoffDoublesUpToCapAndForgetResets) {
  auto now = clock_.Monotonic();
  std::vector<long> delays;
  for (int i = 0; i < 8; ++i) {
    delays.push_back(queue_.AddWithBackoff("k", now).count());
    ASSERT_TRUE(queue_.Pop(now + 1h).has_value());
    queue_.Done("k", now);
  }
  EXPECT_EQ(delays, (std::vector<long>{1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000}));
  EXPECT_EQ(queue_.Failures("k"), 8);
  queue_.Forget("k");
  EXPECT_EQ(queue_.AddWithBackoff("k", now).count(), 1000);
}

TEST(WorkQueueJitterTest, JitterStaysWithinBoundsAndIsSeeded) {
  FakeClock clock;
  WorkQueue a(BackoffPolicy{1000ms, 60'000ms, 0.2}, 7);
  WorkQueue b(BackoffPolicy{1000ms, 60'000ms, 0.2}, 7);
  for (int i = 0; i < 50; ++i) {
    std::string key = "k" + std::to_string(i);
    auto da = a.AddWithBackoff(key, clock.Monotonic());
    auto db = b.AddWithBackoff(key, clock.Monotonic());
    EXPECT_EQ(da, db);
    EXPECT_GE(da.count(), 800);
    EXPECT_LE(da.count(), 1200);
  }
}

TEST_F(WorkQueueTest, RemoveDropsWaitingItemAndItsFailures) {
  auto now = clock_.Monotonic();
  queue_.AddWithBackoff("gone", now);
  queue_.Remove("gone");
  EXPECT_EQ(queue_.Waiting(), 0u);
  EXPECT_EQ(queue_.Failures("gone"), 0);
  EXPECT_FALSE(queue_.NextDue().has_value());
}

}  // namespace
}  // namespace edgecert::reconcile
