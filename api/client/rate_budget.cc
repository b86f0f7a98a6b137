#include "api/client/rate_budget.h"

#include <algorithm>
#include <string>

#include "common/duration.h"

namespace edgecert::api {

namespace {
RateBudgetOptions Normalized(RateBudgetOptions o) {
  o.capacity = std::max<std::size_t>(o.capacity, 1);
  o.period = std::max(o.period, Clock::Duration(1));
  return o;
}

std::size_t Reserve(const RateBudgetOptions& o) {
  const std::size_t reserve = o.read_reserve.value_or(o.capacity / 20);
  return std::min(reserve, o.capacity - 1);  // writes always have at least one token
}
}  // namespace

Result<RateBudgetOptions> ParseRateBudget(std::string_view text) {
  const auto bad = [&] {
    return InvalidArgument("--api-rate takes REQUESTS/PERIOD, like 1200/5m or 600/300s, not \"" +
                           std::string(text) + "\"");
  };
  const auto slash = text.find('/');
  if (slash == std::string_view::npos || slash == 0) return bad();
  std::size_t requests = 0;
  for (char c : text.substr(0, slash)) {
    if (c < '0' || c > '9' || requests > 1'000'000'000) return bad();
    requests = requests * 10 + static_cast<std::size_t>(c - '0');
  }
  const auto period = ParseDuration(text.substr(slash + 1));
  if (requests == 0 || !period || period->count() <= 0) return bad();
  RateBudgetOptions options;
  options.capacity = requests;
  options.period = *period;
  return options;
}

RateBudget::RateBudget(Clock& clock, RateBudgetOptions options)
    : clock_(clock), options_(Normalized(options)), reserve_(Reserve(options_)) {}

void RateBudget::ExpireLocked(Clock::MonoTime now) const {
  while (!spent_.empty() && spent_.front() + options_.period <= now) spent_.pop_front();
}

Result<Clock::Duration> RateBudget::Acquire(RequestPriority priority) {
  const std::size_t limit = priority == RequestPriority::kWrite ? options_.capacity - reserve_ : options_.capacity;
  const std::thread::id self = std::this_thread::get_id();
  Clock::Duration waited{0};
  for (;;) {
    Clock::MonoTime wake;
    std::stop_token closed;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const Clock::MonoTime now = clock_.Monotonic();
      closed = closed_.get_token();
      const bool cancelled = closed.stop_requested();
      ExpireLocked(now);
      if (cancelled || (now >= blocked_until_ && spent_.size() < limit)) {
        if (auto w = waits_.find(self); w != waits_.end() && w->second.until) {
          w->second.until.reset();
          w->second.last_end = now;
        }
        if (cancelled) return Cancelled("the API budget is closed: edgecert is stopping; nothing was sent");
        spent_.push_back(now);
        return waited;
      }
      wake = blocked_until_;
      // Below `limit` once the oldest (size - limit + 1) tokens came back.
      if (spent_.size() >= limit) wake = std::max(wake, spent_[spent_.size() - limit] + options_.period);
      wake = std::max(wake, now + Clock::Duration(1));
      waits_[self].until = wake;
    }
    const Clock::MonoTime before = clock_.Monotonic();
    clock_.SleepUntil(wake, closed);  // a Close() ends it; the loop then says Cancelled
    waited += clock_.Monotonic() - before;
  }
}

BudgetWait RateBudget::WaitOf(std::thread::id thread) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto w = waits_.find(thread);
  return w == waits_.end() ? BudgetWait{} : w->second;
}

void RateBudget::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_.request_stop();
}

void RateBudget::Open() {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_.stop_requested()) closed_ = std::stop_source();
}

std::stop_token RateBudget::closing() const {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_.get_token();
}

void RateBudget::BlockUntil(Clock::MonoTime until) {
  std::lock_guard<std::mutex> lock(mu_);
  blocked_until_ = std::max(blocked_until_, until);
}

std::size_t RateBudget::Available() const {
  std::lock_guard<std::mutex> lock(mu_);
  const Clock::MonoTime now = clock_.Monotonic();
  if (now < blocked_until_) return 0;
  ExpireLocked(now);
  return options_.capacity - spent_.size();
}

}  // namespace edgecert::api
