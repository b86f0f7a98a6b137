// RateLimiter: Cloudflare's per-credential limit (by default 1200 requests per 300 s). Going over blocks
// every call of that credential for one window, answered with 429 and Retry-After. Windows are
// measured on the emulator's time (emulator_clock.h), which no step of the host's wall clock moves.
// Thread-safety: all methods are safe to call from many threads.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "api/emulator/fault_config.h"
#include "common/clock.h"

namespace edgecert::emulator {

struct RateDecision {
  bool allowed = true;
  int remaining = 0;
  int retry_after_seconds = 0;  // set when not allowed
  int reset_seconds = 0;        // until the oldest counted request leaves the window
};

class RateLimiter {
 public:
  RateDecision Admit(const std::string& credential, Clock::TimePoint now, const RateLimit& limit);
  void Reset();

 private:
  struct Bucket {
    std::deque<Clock::TimePoint> requests;
    Clock::TimePoint blocked_until{};
  };
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace edgecert::emulator
