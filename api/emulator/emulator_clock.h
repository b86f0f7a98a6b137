// EmulatorClock: the emulator's notion of time, a base Clock sped up by a time-scale factor plus an
// offset that the admin "advance" call moves forward. Lifecycles are computed from it on read, so no
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
  const TimePoint start_;
  mutable std::mutex mu_;
  Duration offset_{0};  // guarded by mu_
};

// RFC 3339 UTC with seconds, e.g. "2026-01-01T00:00:00Z", as the API writes timestamps.
std::string FormatTime(Clock::TimePoint t);

}  // namespace edgecert::emulator
