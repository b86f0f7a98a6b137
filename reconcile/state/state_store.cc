#include "reconcile/state/state_store.h"

#include "reconcile/state/inventory_json.h"

namespace edgecert::reconcile {

std::string UnusableInventoryContext(const std::string& where) {
  return "inventory " + where +
         " is unusable (restore it from a backup; edgecert will not start without knowing what it owns)";
}

Result<InventoryRecords> StateStore::LoadRecords() {
  auto bytes = Read();
  if (!bytes.ok()) return bytes.status().WithContext("read inventory " + Describe());
  if (!bytes->has_value()) return InventoryRecords{};
  auto records = ParseInventory(**bytes);
  if (!records.ok()) return records.status().WithContext(UnusableInventoryContext(Describe()));
  return records;
}

Status StateStore::CommitRecords(const InventoryRecords& /*before*/, const InventoryRecords& after) {
  return Write(SerializeInventory(after));
}

Status StateStore::CommitChange(const InventoryRecords& before, const RecordsChange& change) {
  InventoryRecords after = before;
  ApplyChange(change, after);
  return CommitRecords(before, after);
}

}  // namespace edgecert::reconcile
