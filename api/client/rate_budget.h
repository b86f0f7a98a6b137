// RateBudget: the request budget shared by every API call of the process (default 1200 per 300 s,
// Cloudflare's global limit). A caller waits on the injected Clock for a token instead of failing.
// Each token comes back exactly one period after it was spent, so no window of `period` ever holds
// more than `capacity` requests (a plain refilling bucket would allow twice that).
// A 429 drains the budget: everyone waits until its Retry-After has passed.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>

#include "common/clock.h"

namespace edgecert::api {

struct RateBudgetOptions {
  std::size_t capacity = 1200;
  Clock::Duration period = std::chrono::seconds(300);
};

class RateBudget {
 public:
  RateBudget(Clock& clock, RateBudgetOptions options = {});

  RateBudget(const RateBudget&) = delete;
  RateBudget& operator=(const RateBudget&) = delete;

  // Blocks (through Clock::SleepFor) until a token is free, takes it, and returns how long it waited.
  Clock::Duration Acquire();

  // Stops handing out tokens until `until` (a 429's Retry-After). Never shortens an existing block.
  void BlockUntil(Clock::TimePoint until);

  // Tokens that Acquire() could take right now without waiting.
  std::size_t Available() const;

  const RateBudgetOptions& options() const { return options_; }

 private:
  void ExpireLocked(Clock::TimePoint now) const;

  Clock& clock_;
  const RateBudgetOptions options_;
  mutable std::mutex mu_;
  mutable std::deque<Clock::TimePoint> spent_;  // guarded by mu_: when each token in use was taken
  Clock::TimePoint blocked_until_{};            // guarded by mu_
};

}  // namespace edgecert::api
