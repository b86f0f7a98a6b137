// WorkQueue: a deduplicating queue of object keys with delayed adds and per-item exponential backoff
// with jitter (controller-runtime's rate-limited queue). It never blocks and never reads the time
// itself: callers pass `now`, a monotonic time (Clock::Monotonic), so the loop and tests decide how
// time passes and no step of the wall clock delays or hurries an item.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>

#include "common/clock.h"

namespace edgecert::reconcile {

struct BackoffPolicy {
  std::chrono::milliseconds base{1000};     // first retry after about a second
  std::chrono::milliseconds cap{300'000};   // never wait more than five minutes between tries
  double jitter = 0.2;                      // +-20% so replicas and objects do not retry in lockstep
};

class WorkQueue {
 public:
  using Key = std::string;
  using TimePoint = Clock::MonoTime;

  explicit WorkQueue(BackoffPolicy policy = {}, std::uint64_t seed = 1);

  // Makes `key` ready at `when` (now for Add). An item already due earlier keeps the earlier time;
  // an item being processed is marked dirty and comes back once Done() is called.
  void AddAt(const Key& key, TimePoint when);
  void Add(const Key& key, TimePoint now) { AddAt(key, now); }

  // Requeues after the item's next backoff step and returns the delay chosen.
  std::chrono::milliseconds AddWithBackoff(const Key& key, TimePoint now);
  // Resets the item's failure count (after a success).
  void Forget(const Key& key);
  int Failures(const Key& key) const;

  // Takes the earliest item due at `now`, if any, and marks it in flight.
  std::optional<Key> Pop(TimePoint now);
  // Ends processing of `key`; if it was re-added meanwhile it becomes due again.
  void Done(const Key& key, TimePoint now);
  // Drops a key entirely (the object left the manifests).
  void Remove(const Key& key);

  // When the next item becomes due, if any is waiting.
  std::optional<TimePoint> NextDue() const;
  std::size_t Waiting() const;
  std::size_t InFlight() const;

 private:
  void ScheduleLocked(const Key& key, TimePoint when);

  const BackoffPolicy policy_;
  mutable std::mutex mu_;
  std::mt19937_64 rng_;                        // guarded by mu_
  std::map<Key, TimePoint> due_;               // guarded by mu_: key -> when it is due
  std::set<std::pair<TimePoint, Key>> order_;  // guarded by mu_: same entries, by time
  std::set<Key> in_flight_;                    // guarded by mu_
  std::map<Key, TimePoint> dirty_;             // guarded by mu_: re-added while in flight
  std::map<Key, int> failures_;                // guarded by mu_
};

}  // namespace edgecert::reconcile
