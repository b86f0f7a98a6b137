// The inventory's file format: versioned JSON ({"version": 1, "objects": [...], "intents": [...]}).
// Parsing refuses unknown future versions and any malformed record; it never returns a partial or
// empty inventory for bad input, since that would make edgecert forget what it owns.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "reconcile/state/inventory_record.h"

namespace edgecert::reconcile {

inline constexpr int kInventoryFormatVersion = 1;

std::string SerializeInventory(const InventoryRecords& records);
// Errors are FailedPrecondition: an operator must repair or restore the file.
Result<InventoryRecords> ParseInventory(std::string_view json);

// One record as one JSON object, for stores that keep a key per record (etcd). `where` names the record
// in errors (the etcd key).
std::string SerializeObject(const OwnedObject& object);
std::string SerializeIntent(const CreateIntent& intent);
Result<OwnedObject> ParseObject(std::string_view json, const std::string& where);
Result<CreateIntent> ParseIntent(std::string_view json, const std::string& where);
// The prune guard's window of recent deletions (Unix seconds) as one JSON array.
std::string SerializeDeletionTimes(const std::vector<std::int64_t>& times);
Result<std::vector<std::int64_t>> ParseDeletionTimes(std::string_view json, const std::string& where);

}  // namespace edgecert::reconcile
