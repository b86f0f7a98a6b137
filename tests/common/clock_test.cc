#include "common/clock.h"

#include <gtest/gtest.h>

namespace edgecert {
namespace {

using namespace std::chrono_literals;

TEST(FakeClockTest, SleepAdvancesWithoutWaiting) {
  FakeClock clock;
  auto t0 = clock.Now();
  clock.SleepFor(300s);
  EXPECT_EQ(clock.Now() - t0, 300s);
}

TEST(FakeClockTest, NegativeAdvanceIsIgnored) {
  FakeClock clock;
  auto t0 = clock.Now();
  clock.Advance(-5s);
  EXPECT_EQ(clock.Now(), t0);
}

TEST(SystemClockTest, MovesForward) {
  SystemClock clock;
  auto t0 = clock.Now();
  EXPECT_GE(clock.Now(), t0);
}

}  // namespace
}  // namespace edgecert
