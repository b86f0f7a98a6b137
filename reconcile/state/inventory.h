// Inventory: which remote objects edgecert owns, and which non-idempotent creates were about to be sent,
// kept in a StateStore. Every change is written through before the call returns, and memory changes only
// when that write succeeded, so what it answers is what survives a crash.
// Thread-safety: every method may be called from several reconcile workers at once. One mutex guards the
// records and is held across the store write, so writes land in the order the changes were made.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "reconcile/state/inventory_record.h"
#include "reconcile/state/records_change.h"
#include "reconcile/state/state_store.h"

namespace edgecert::reconcile {

class Inventory {
 public:
  // Nothing stored yet gives an empty inventory. A corrupt or future-version state is an error naming
  // where it lives, never an empty inventory (which would make edgecert forget what it owns).
  static Result<std::unique_ptr<Inventory>> Load(StateStore& store);

  // Reads the store again (a new leader picks up what the previous one wrote); on an error nothing
  // changes.
  Status Reload();

  std::optional<OwnedObject> Find(const ObjectKey& key) const;
  // The owned object of `kind` whose current or superseded remote id is `remote_id`.
  std::optional<OwnedObject> FindByRemoteId(manifests::Kind kind, std::string_view remote_id) const;
  std::vector<OwnedObject> Objects() const;  // ordered by key
  std::optional<CreateIntent> FindIntent(const ObjectKey& key) const;
  std::vector<CreateIntent> Intents() const;  // ordered by key
  InventoryRecords Snapshot() const;

  // Adds or replaces the object with the same key. Kind, name and remote id must be set.
  Status Put(OwnedObject object);
  // Forgets an object (after its deletion, or when it is orphaned). Absent keys are not an error.
  Status Remove(const ObjectKey& key);
  // Call before sending a create; replaces an older intent for the same key. Time kept to seconds.
  Status RecordIntent(CreateIntent intent);
  Status ClearIntent(const ObjectKey& key);
  // The create answered, or the intended object was found and adopted: records the object and drops
  // its intent in one write, so no crash can leave both or neither.
  Status CompleteCreate(OwnedObject object);
  // Notes a deletion carried out at `at` (wall clock: the window outlives the process); entries older
  // than `keep` before it are dropped.
  Status RecordDeletion(std::chrono::system_clock::time_point at, std::chrono::seconds keep);
  // Deletions noted after `since`.
  std::size_t DeletionsSince(std::chrono::system_clock::time_point since) const;

  // The general form of the changes above: `change` edits a copy of the records (returning an error
  // aborts); the copy is written and becomes current only if the write succeeds. No write when nothing
  // changed. It copies the whole state, so the single-record writes above go through Commit instead,
  // which writes and applies only the change.
  Status Update(const std::function<Status(InventoryRecords&)>& change);

  Inventory(const Inventory&) = delete;
  Inventory& operator=(const Inventory&) = delete;

 private:
  Status Commit(RecordsChange change);
  Status CommitLocked(RecordsChange change);  // mu_ held
  Inventory(StateStore& store, InventoryRecords records);

  StateStore& store_;
  mutable std::mutex mu_;
  InventoryRecords records_;  // guarded by mu_
};

}  // namespace edgecert::reconcile
