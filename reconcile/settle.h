// Settle mode: how `apply` runs the Controller. Instead of forever, the controller takes one desired
// snapshot through one pass and stops when every object settled: one step each (kOnce), or followed
// until ready (kWait, bounded by a timeout). These are the options, the live progress and the outcome.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace edgecert::reconcile {

enum class RunMode {
  kOnce,  // each object taken one step (pending asynchronous work is left to --wait or the daemon)
  kWait,  // each object followed until its reconciler says Ready, or the timeout
};

struct SettleOptions {
  RunMode mode = RunMode::kOnce;
  Clock::Duration timeout = std::chrono::minutes(30);  // kWait: objects not ready by then are not_ready
  int max_retries = 5;                                 // retryable failures per object before giving up
};

// What kWait is still waiting for (the live progress line of `apply --wait`).
struct ApplyProgress {
  std::size_t total = 0;             // objects this run follows
  std::size_t finished = 0;          // ready, deleted or given up
  std::vector<std::string> waiting;  // "Kind/name (remote status)" of the unfinished, at most a few
  Clock::Duration next_check{};      // until the next due item
};

struct ApplyOutcome {
  std::vector<std::string> failed;     // "Kind/name: why"
  std::vector<std::string> not_ready;  // kWait: objects still in progress at the timeout
  std::vector<std::string> held_back;  // deletions the prune guard refused
  std::vector<std::string> orphaned;   // forgotten (deletionPolicy Orphan)
  std::size_t reconciles = 0;          // reconcile/delete calls made

  bool ok() const { return failed.empty() && not_ready.empty(); }
};

}  // namespace edgecert::reconcile
