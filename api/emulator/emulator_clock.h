// EmulatorClock: the emulator's notion of time (the API's wall clock): the base Clock's wall time at
// start, moved on by the base's monotonic time sped up by a time-scale factor, plus an offset that the
// admin "advance" call moves forward. So a step of the host's wall clock (NTP) never moves it, and
// lifecycles and the rate limiter never run backwards. Lifecycles are computed from it on read, so no
// background thread is needed. Thread-safety: safe to share between threads.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "common/clock.h"

namespace edgecert::emulator {

class EmulatorClock {
 public:
  using TimePoint = Clock::TimePoint;
  using Duration = Clock::Duration;

  EmulatorClock(Clock& base, double time_scale);

  TimePoint Now() const;
  void Advance(Duration d);
  // Moves time so that Now() is at least `t` (used when restoring a saved state).
  void AdvanceTo(TimePoint t);
  double time_scale() const { return time_scale_; }
  // The base clock, for real waits such as injected latency.
  Clock& base() const { return base_; }

 private:
  Clock& base_;
  const double time_scale_;
  const TimePoint start_;             // base wall time at construction
  const Clock::MonoTime start_mono_;  // base monotonic time at construction
  mutable std::mutex mu_;
  Duration offset_{0};  // guarded by mu_
};

// RFC 3339 UTC with seconds, e.g. "2026-01-01T00:00:00Z", as the API writes timestamps.
std::string FormatTime(Clock::TimePoint t);

}  // namespace edgecert::emulator
