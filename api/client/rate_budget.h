// RateBudget: the request budget shared by every API call of the process (default 1200 per 300 s,
// Cloudflare's global limit). A caller waits for a token on the injected Clock's monotonic reading
// instead of failing. Each token comes back exactly one period after it was spent, so no window of
// `period` ever holds more than `capacity` requests (a plain refilling bucket would allow twice that).
// A 429 drains the budget: everyone waits until its Retry-After has passed. When the budget runs short,
// reads go first: writes never take the last `read_reserve` tokens, so the reads that move pending
// objects forward are not starved by a burst of new orders.
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include <string_view>

#include "common/clock.h"
#include "common/status.h"

namespace edgecert::api {

struct RateBudgetOptions {
  std::size_t capacity = 1200;
  Clock::Duration period = std::chrono::seconds(300);
  // Tokens only reads may take; default (unset): 5 % of the capacity.
  std::optional<std::size_t> read_reserve = std::nullopt;
};

// "1200/5m", "600/300s", "4/1s": requests per period (--api-rate). Errors say what is expected.
Result<RateBudgetOptions> ParseRateBudget(std::string_view text);

// What a request is, for the budget: reads (GET) may use the reserve, writes may not.
enum class RequestPriority { kRead, kWrite };

class RateBudget {
 public:
  RateBudget(Clock& clock, RateBudgetOptions options = {});

  RateBudget(const RateBudget&) = delete;
  RateBudget& operator=(const RateBudget&) = delete;

  // Blocks (through Clock::SleepFor) until a token is free, takes it, and returns how long it waited.
  // A write waits while only the read reserve is left.
  Clock::Duration Acquire(RequestPriority priority = RequestPriority::kRead);

  // Stops handing out tokens until `until` (a 429's Retry-After, on the monotonic clock). Never
  // shortens an existing block.
  void BlockUntil(Clock::MonoTime until);

  // Tokens that Acquire() could take right now without waiting.
  std::size_t Available() const;

  const RateBudgetOptions& options() const { return options_; }
  std::size_t read_reserve() const { return reserve_; }

 private:
  void ExpireLocked(Clock::MonoTime now) const;

  Clock& clock_;
  const RateBudgetOptions options_;
  const std::size_t reserve_;  // of options_.capacity, for reads only
  mutable std::mutex mu_;
  mutable std::deque<Clock::MonoTime> spent_;  // guarded by mu_: when each token in use was taken
  Clock::MonoTime blocked_until_{};            // guarded by mu_
};

}  // namespace edgecert::api
