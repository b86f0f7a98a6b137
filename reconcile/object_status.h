// ObjectStatusBoard: what operators see per object (apply --wait, /status, metrics): phase, remote id,
// remote status, validation records, expiry, last error, next action time. Reconcilers and the loop
// write it; readers take copies. Thread-safety: every method is safe from any thread.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "reconcile/state/inventory_record.h"

namespace edgecert::reconcile {

enum class Phase { kPending, kProgressing, kReady, kFailed, kDeleting };
std::string_view PhaseName(Phase phase);

struct ObjectStatus {
  ObjectKey key;
  std::string zone;  // zone or account name
  Phase phase = Phase::kPending;
  std::string remote_id;
  std::string remote_status;  // as the API says it ("pending_validation", "active", ...)
  std::vector<ValidationRecord> validation_records;
  std::optional<Clock::TimePoint> expires_on;
  std::string last_error;  // never holds a secret
  std::optional<Clock::TimePoint> next_action;
  int validation_restarts = 0;  // *_timed_out restarts made so far (bounded by the options)
};

class ObjectStatusBoard {
 public:
  // Replaces the status of `status.key`; returns true when phase or remote status changed (so callers
  // print one line per change, not per poll).
  bool Set(ObjectStatus status);
  void Remove(const ObjectKey& key);
  std::optional<ObjectStatus> Get(const ObjectKey& key) const;
  std::vector<ObjectStatus> All() const;  // ordered by key
  // The statuses `keep` accepts, ordered by key: a copy of a few, not of all (keep runs under the lock).
  std::vector<ObjectStatus> Select(const std::function<bool(const ObjectStatus&)>& keep) const;

 private:
  mutable std::mutex mu_;
  std::map<ObjectKey, ObjectStatus> objects_;  // guarded by mu_
};

}  // namespace edgecert::reconcile
