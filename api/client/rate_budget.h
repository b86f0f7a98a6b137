// RateBudget: the request budget shared by every API call of the process (default 1200 per 300 s,
// Cloudflare's global limit). A caller waits for a token on the injected Clock's monotonic reading
// instead of failing. Each token comes back exactly one period after it was spent, so no window of
// `period` ever holds more than `capacity` requests (a plain refilling bucket would allow twice that).
// A 429 drains the budget: everyone waits until its Retry-After has passed. When the budget runs short,
// reads go first: writes never take the last `read_reserve` tokens, so the reads that move pending
// objects forward are not starved by a burst of new orders.
// A wait is progress, not a hang: WaitOf() tells whether a thread waits for a token now and until
// when, so liveness checks can tell it from a stuck call. Close() ends every wait at once (a stop).
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string_view>
#include <thread>

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

// One thread's waits in Acquire(), for liveness checks.
struct BudgetWait {
  std::optional<Clock::MonoTime> until;  // set while it waits: when it expects its token
  Clock::MonoTime last_end{};            // when its last wait ended (the epoch: never waited)
};

class RateBudget {
 public:
  RateBudget(Clock& clock, RateBudgetOptions options = {});

  RateBudget(const RateBudget&) = delete;
  RateBudget& operator=(const RateBudget&) = delete;

  // Blocks (through Clock::SleepUntil) until a token is free, takes it, and returns how long it
  // waited. A write waits while only the read reserve is left. Cancelled when the budget is closed
  // (before or during the wait): no token was taken, so the caller must not send.
  Result<Clock::Duration> Acquire(RequestPriority priority = RequestPriority::kRead);

  // Stops handing out tokens until `until` (a 429's Retry-After, on the monotonic clock). Never
  // shortens an existing block.
  void BlockUntil(Clock::MonoTime until);

  // Tokens that Acquire() could take right now without waiting.
  std::size_t Available() const;

  // Whether `thread` waits in Acquire() now, until when, and when its last wait ended.
  BudgetWait WaitOf(std::thread::id thread) const;

  // Ends every wait at once and makes every later Acquire() fail with Cancelled, until Open(): the
  // process (or its controller) is stopping, so nothing new is sent. Open() undoes it.
  void Close();
  void Open();
  // Requested by Close(): other waits before a send (retry backoff) end with it too.
  std::stop_token closing() const;

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
  std::map<std::thread::id, BudgetWait> waits_;  // guarded by mu_: one entry per thread that ever waited
  std::stop_source closed_;                      // guarded by mu_: a fresh one at each Open()
};

}  // namespace edgecert::api
