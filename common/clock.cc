#include "common/clock.h"

#include <thread>

namespace edgecert {

Clock::TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

Clock::MonoTime SystemClock::Monotonic() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
}

void SystemClock::SleepFor(Duration d) {
  if (d > Duration::zero()) std::this_thread::sleep_for(d);
}

bool SystemClock::SleepUntil(MonoTime deadline, std::stop_token stop) {
  // A private condition variable that nobody notifies: only the deadline or the stop request end it.
  std::mutex mu;
  std::condition_variable_any cv;
  std::unique_lock lock(mu);
  while (!stop.stop_requested() && Monotonic() < deadline) {
    cv.wait_until(lock, stop, deadline, [] { return false; });
  }
  return !stop.stop_requested() || Monotonic() >= deadline;
}

FakeClock::FakeClock(TimePoint start, Sleepers sleepers)
    : sleepers_(sleepers), mono_(start.time_since_epoch().count()) {}

Clock::TimePoint FakeClock::Now() const { return TimePoint(Duration(mono_.load() + wall_offset_.load())); }

Clock::MonoTime FakeClock::Monotonic() const { return MonoTime(Duration(mono_.load())); }

void FakeClock::SleepFor(Duration d) {
  if (d <= Duration::zero()) return;
  SleepUntil(Monotonic() + d, std::stop_token());
}

bool FakeClock::SleepUntil(MonoTime deadline, std::stop_token stop) {
  if (stop.stop_requested()) return false;
  if (sleepers_ == Sleepers::kAdvance) {
    const Duration left = deadline - Monotonic();
    if (left > Duration::zero()) Advance(left);
    return true;
  }
  std::unique_lock lock(mu_);
  ++sleeping_;
  moved_.wait(lock, stop, [&] { return Monotonic() >= deadline; });
  --sleeping_;
  return Monotonic() >= deadline;
}

void FakeClock::Advance(Duration d) {
  if (d <= Duration::zero()) return;
  {
    std::lock_guard lock(mu_);  // a blocked sleeper checks its deadline under the lock: no lost wake-up
    mono_.fetch_add(d.count());
  }
  moved_.notify_all();
}

void FakeClock::StepWall(Duration d) { wall_offset_.fetch_add(d.count()); }

std::size_t FakeClock::sleeping() const {
  std::lock_guard lock(mu_);
  return sleeping_;
}

}  // namespace edgecert
