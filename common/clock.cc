#include "common/clock.h"

#include <thread>

namespace edgecert {

Clock::TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

void SystemClock::SleepFor(Duration d) {
  if (d > Duration::zero()) std::this_thread::sleep_for(d);
}

FakeClock::FakeClock(TimePoint start) : nanos_(start.time_since_epoch().count()) {}

Clock::TimePoint FakeClock::Now() const { return TimePoint(Duration(nanos_.load())); }

void FakeClock::Advance(Duration d) {
  if (d > Duration::zero()) nanos_.fetch_add(d.count());
}

}  // namespace edgecert
