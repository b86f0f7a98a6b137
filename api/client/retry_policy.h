// RetryPolicy: how many times a retryable call is tried and how long to wait in between
// (exponential backoff with full jitter: a uniform draw in [0, min(max_delay, base * 2^retry)]).
// The random source is seeded, so tests get the same delays every run.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include "common/clock.h"

namespace edgecert::api {

struct RetryPolicyOptions {
  int max_attempts = 5;  // total tries of one call, the first included
  Clock::Duration base_delay = std::chrono::milliseconds(500);
  Clock::Duration max_delay = std::chrono::seconds(30);
  std::uint64_t seed = std::random_device{}();
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryPolicyOptions options = {});

  // True when another try may follow try number `attempt` (1-based) that failed retryably.
  bool ShouldRetry(int attempt) const { return attempt < options_.max_attempts; }

  // The pause before try `attempt + 1`, after try `attempt` (1-based) failed.
  Clock::Duration BackoffAfter(int attempt);

  const RetryPolicyOptions& options() const { return options_; }

 private:
  const RetryPolicyOptions options_;
  std::mutex mu_;
  std::mt19937_64 rng_;  // guarded by mu_
};

}  // namespace edgecert::api
