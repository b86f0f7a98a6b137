// StateStore: where edgecert keeps its durable state (the ownership inventory). A Write replaces the
// whole state atomically: a later Read sees the old bytes or the new ones, never a mix. The Inventory
// goes through LoadRecords/CommitRecords: by default one whole document through Read/Write (the file,
// file_state_store.h); a store with one key per record (etcd, etcd_state_store.h) writes only what a
// change touched.
// Thread-safety: implementations must allow concurrent calls from several threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "reconcile/state/inventory_record.h"
#include "reconcile/state/records_change.h"

namespace edgecert::reconcile {

class StateStore {
 public:
  virtual ~StateStore() = default;

  // The stored bytes, or nullopt when nothing was ever written.
  virtual Result<std::optional<std::string>> Read() = 0;
  // Replaces the stored bytes; durable once it returns OK.
  virtual Status Write(std::string_view bytes) = 0;
  // Where the state lives, for error messages (a file path, an etcd key).
  virtual std::string Describe() const = 0;

  // Every record, read as one consistent snapshot; nothing stored gives no records. A malformed state
  // is FailedPrecondition, never an empty inventory.
  virtual Result<InventoryRecords> LoadRecords();
  // Makes `after` the stored state, `before` being what LoadRecords or the last commit left. Durable
  // once it returns OK; on an error the stored state is still `before`.
  virtual Status CommitRecords(const InventoryRecords& before, const InventoryRecords& after);
  // The same for a change already known (records_change.h), so a store that writes only what changed
  // needs no copy of the whole state. By default: `before` with `change` applied, through CommitRecords.
  virtual Status CommitChange(const InventoryRecords& before, const RecordsChange& change);
};

// The context of a malformed-state error: where it is and what to do.
std::string UnusableInventoryContext(const std::string& where);

}  // namespace edgecert::reconcile
