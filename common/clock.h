// Clock: the one source of time. Production code takes a Clock& and never calls now() itself, so tests
// run on a FakeClock whose SleepFor advances time at once instead of sleeping.
// Thread-safety: both implementations are safe to share between threads.
#pragma once

#include <atomic>
#include <chrono>

namespace edgecert {

class Clock {
 public:
  using Duration = std::chrono::nanoseconds;
  using TimePoint = std::chrono::time_point<std::chrono::system_clock, Duration>;

  virtual ~Clock() = default;
  // Wall time: used for expiry dates and timestamps shown to operators.
  virtual TimePoint Now() const = 0;
  // Blocks the caller for `d` of this clock's time.
  virtual void SleepFor(Duration d) = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
  void SleepFor(Duration d) override;
};

// Starts at a fixed instant; time moves only through Advance() or SleepFor().
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = TimePoint(std::chrono::seconds(1'767'225'600)));  // 2026-01-01
  TimePoint Now() const override;
  void SleepFor(Duration d) override { Advance(d); }
  void Advance(Duration d);

 private:
  std::atomic<Duration::rep> nanos_;
};

}  // namespace edgecert
