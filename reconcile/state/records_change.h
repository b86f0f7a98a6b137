// RecordsChange: what one inventory commit changed (records put, records removed, the deletion window),
// so a store can write only that: the file store appends it to its journal as one JSON line, the etcd
// store turns it into puts and deletes of one key each. Applying a change is idempotent, which is what
// lets a journal be replayed over a snapshot that already holds some of it.
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "reconcile/state/inventory_record.h"

namespace edgecert::reconcile {

struct RecordsChange {
  std::vector<OwnedObject> put_objects;
  std::vector<ObjectKey> removed_objects;
  std::vector<CreateIntent> put_intents;
  std::vector<ObjectKey> removed_intents;
  std::optional<std::vector<std::int64_t>> deletions;  // set when the window changed

  bool empty() const {
    return put_objects.empty() && removed_objects.empty() && put_intents.empty() && removed_intents.empty() &&
           !deletions;
  }
};

// What turns `before` into `after`.
RecordsChange DiffRecords(const InventoryRecords& before, const InventoryRecords& after);
// Applies `change` to `records` (puts replace, removals of absent records do nothing).
void ApplyChange(const RecordsChange& change, InventoryRecords& records);

// One line of JSON without the line break; `where` names the line in parse errors (file:line).
std::string SerializeChange(const RecordsChange& change);
Result<RecordsChange> ParseChange(std::string_view json, const std::string& where);

}  // namespace edgecert::reconcile
