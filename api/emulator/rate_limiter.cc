#include "api/emulator/rate_limiter.h"

namespace edgecert::emulator {

namespace {

int CeilSeconds(Clock::Duration d) {
  const auto s = std::chrono::ceil<std::chrono::seconds>(d).count();
  return s < 1 ? 1 : static_cast<int>(s);
}

}  // namespace

RateDecision RateLimiter::Admit(const std::string& credential, Clock::TimePoint now, const RateLimit& limit) {
  RateDecision decision;
  if (limit.requests <= 0) {
    decision.remaining = 0;
    return decision;
  }
  const Clock::Duration window = std::chrono::seconds(limit.window_seconds);
  std::lock_guard<std::mutex> lock(mu_);
  Bucket& bucket = buckets_[credential];
  while (!bucket.requests.empty() && bucket.requests.front() <= now - window) bucket.requests.pop_front();
  if (now < bucket.blocked_until) {
    decision.allowed = false;
    decision.retry_after_seconds = CeilSeconds(bucket.blocked_until - now);
    decision.reset_seconds = decision.retry_after_seconds;
    return decision;
  }
  if (static_cast<int>(bucket.requests.size()) >= limit.requests) {
    bucket.blocked_until = now + window;
    decision.allowed = false;
    decision.retry_after_seconds = CeilSeconds(window);
    decision.reset_seconds = decision.retry_after_seconds;
    return decision;
  }
  bucket.requests.push_back(now);
  decision.remaining = limit.requests - static_cast<int>(bucket.requests.size());
  decision.reset_seconds = CeilSeconds(bucket.requests.front() + window - now);
  return decision;
}

void RateLimiter::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  buckets_.clear();
}

}  // namespace edgecert::emulator
