#include "api/emulator/emulator_clock.h"

#include <ctime>

namespace edgecert::emulator {

EmulatorClock::EmulatorClock(Clock& base, double time_scale)
    : base_(base), time_scale_(time_scale > 0 ? time_scale : 1.0), start_(base.Now()), start_mono_(base.Monotonic()) {}

EmulatorClock::TimePoint EmulatorClock::Now() const {
  const auto elapsed = base_.Monotonic() - start_mono_;
  const auto scaled = std::chrono::duration_cast<Duration>(
      std::chrono::duration<double, Duration::period>(static_cast<double>(elapsed.count()) * time_scale_));
  std::lock_guard<std::mutex> lock(mu_);
  return start_ + scaled + offset_;
}

void EmulatorClock::Advance(Duration d) {
  if (d <= Duration::zero()) return;
  std::lock_guard<std::mutex> lock(mu_);
  offset_ += d;
}

void EmulatorClock::AdvanceTo(TimePoint t) {
  const TimePoint now = Now();
  if (t > now) Advance(t - now);
}

std::string FormatTime(Clock::TimePoint t) {
  const std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace edgecert::emulator
