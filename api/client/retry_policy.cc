#include "api/client/retry_policy.h"

#include <algorithm>

namespace edgecert::api {

RetryPolicy::RetryPolicy(RetryPolicyOptions options) : options_(options), rng_(options.seed) {}

Clock::Duration RetryPolicy::BackoffAfter(int attempt) {
  // Cap the exponent before shifting so the ceiling never overflows.
  const int exponent = std::clamp(attempt - 1, 0, 30);
  const auto base = std::max<Clock::Duration::rep>(options_.base_delay.count(), 0);
  const auto cap = std::max<Clock::Duration::rep>(options_.max_delay.count(), 0);
  Clock::Duration::rep ceiling = base;
  for (int i = 0; i < exponent && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  std::uniform_int_distribution<Clock::Duration::rep> draw(0, ceiling);
  std::lock_guard<std::mutex> lock(mu_);
  return Clock::Duration(draw(rng_));
}

}  // namespace edgecert::api
