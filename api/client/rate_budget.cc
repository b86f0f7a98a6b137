#include "api/client/rate_budget.h"

#include <algorithm>

namespace edgecert::api {

namespace {
RateBudgetOptions Normalized(RateBudgetOptions o) {
  o.capacity = std::max<std::size_t>(o.capacity, 1);
  o.period = std::max(o.period, Clock::Duration(1));
  return o;
}
}  // namespace

RateBudget::RateBudget(Clock& clock, RateBudgetOptions options)
    : clock_(clock), options_(Normalized(options)) {}

void RateBudget::ExpireLocked(Clock::TimePoint now) const {
  while (!spent_.empty() && spent_.front() + options_.period <= now) spent_.pop_front();
}

Clock::Duration RateBudget::Acquire() {
  Clock::Duration waited{0};
  for (;;) {
    Clock::TimePoint wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const Clock::TimePoint now = clock_.Now();
      ExpireLocked(now);
      if (now >= blocked_until_ && spent_.size() < options_.capacity) {
        spent_.push_back(now);
        return waited;
      }
      wake = blocked_until_;
      if (spent_.size() >= options_.capacity) wake = std::max(wake, spent_.front() + options_.period);
      wake = std::max(wake, now);
    }
    const Clock::Duration pause = std::max(wake - clock_.Now(), Clock::Duration(1));
    clock_.SleepFor(pause);
    waited += pause;
  }
}

void RateBudget::BlockUntil(Clock::TimePoint until) {
  std::lock_guard<std::mutex> lock(mu_);
  blocked_until_ = std::max(blocked_until_, until);
}

std::size_t RateBudget::Available() const {
  std::lock_guard<std::mutex> lock(mu_);
  const Clock::TimePoint now = clock_.Now();
  if (now < blocked_until_) return 0;
  ExpireLocked(now);
  return options_.capacity - spent_.size();
}

}  // namespace edgecert::api
