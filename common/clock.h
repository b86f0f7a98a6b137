// Clock: the one source of time. Production code takes a Clock& and never calls now() itself, so tests
// run on a FakeClock. It has two readings, kept apart by their types:
//  - Now() (TimePoint, wall time): only for times shown to people (status, logs), times that must
//    survive a restart (inventory records) and certificate dates. An NTP step moves it either way.
//  - Monotonic() (MonoTime): never steps and means nothing across processes. Every duration, deadline,
//    timeout, backoff and "for N s" is measured on it.
// Thread-safety: both implementations are safe to share between threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stop_token>

namespace edgecert {

class Clock {
 public:
  using Duration = std::chrono::nanoseconds;
  using TimePoint = std::chrono::time_point<std::chrono::system_clock, Duration>;
  using MonoTime = std::chrono::time_point<std::chrono::steady_clock, Duration>;

  virtual ~Clock() = default;
  // Wall time: what the time is, for people, persisted records and certificate expiry.
  virtual TimePoint Now() const = 0;
  // Monotonic time: for measuring how long anything takes or waits.
  virtual MonoTime Monotonic() const = 0;
  // Blocks the caller for `d` of this clock's monotonic time.
  virtual void SleepFor(Duration d) = 0;
  // Blocks until Monotonic() reaches `deadline`, or until `stop` is requested, whichever comes first.
  // Returns false when it ended because of `stop` (the wait was cancelled), true at the deadline.
  virtual bool SleepUntil(MonoTime deadline, std::stop_token stop) = 0;

  // The wall time at which the monotonic instant `t` falls, as it looks now: for showing a deadline.
  TimePoint WallAt(MonoTime t) const { return Now() + (t - Monotonic()); }
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
  MonoTime Monotonic() const override;
  void SleepFor(Duration d) override;
  bool SleepUntil(MonoTime deadline, std::stop_token stop) override;
};

// Starts at a fixed instant (both readings hold the same count at the start); time moves only
// through Advance(), StepWall() or the sleeps. Sleepers either move time themselves (kAdvance: a
// sleep ends at once, the clock jumped to its end) or block until another thread Advance()s past
// their deadline or their stop is requested (kBlock: for tests that watch a wait from outside).
class FakeClock final : public Clock {
 public:
  enum class Sleepers { kAdvance, kBlock };

  explicit FakeClock(TimePoint start = TimePoint(std::chrono::seconds(1'767'225'600)),  // 2026-01-01
                     Sleepers sleepers = Sleepers::kAdvance);
  TimePoint Now() const override;
  MonoTime Monotonic() const override;
  void SleepFor(Duration d) override;
  bool SleepUntil(MonoTime deadline, std::stop_token stop) override;

  // Moves both readings forwards by `d` (as time passing does) and wakes blocked sleepers.
  void Advance(Duration d);
  // Moves the wall reading alone, forwards or backwards (an NTP step); the monotonic one stays.
  void StepWall(Duration d);
  // Threads blocked in a sleep now (kBlock), so a test can wait until a wait has begun.
  std::size_t sleeping() const;

 private:
  const Sleepers sleepers_;
  std::atomic<Duration::rep> mono_;
  std::atomic<Duration::rep> wall_offset_{0};  // wall = mono + offset
  mutable std::mutex mu_;
  std::condition_variable_any moved_;  // Advance() or a stop request
  std::size_t sleeping_ = 0;           // guarded by mu_
};

}  // namespace edgecert
