#include "reconcile/state/records_change.h"

#include <cpprest/json.h>

#include "reconcile/state/inventory_json.h"

namespace edgecert::reconcile {
namespace {

using web::json::value;

template <typename Record>
void DiffMap(const std::map<ObjectKey, Record>& before, const std::map<ObjectKey, Record>& after,
             std::vector<Record>& put, std::vector<ObjectKey>& removed) {
  for (const auto& [key, record] : after) {
    auto it = before.find(key);
    if (it == before.end() || !(it->second == record)) put.push_back(record);
  }
  for (const auto& [key, record] : before) {
    if (!after.count(key)) removed.push_back(key);
  }
}

std::string KeyJson(const ObjectKey& key) {
  value v = value::object(true);
  v["kind"] = value::string(std::string(manifests::KindName(key.kind)));
  v["name"] = value::string(key.name);
  return v.serialize();
}

template <typename T, typename Serialize>
std::string JsonArray(const std::vector<T>& items, Serialize serialize) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ",") + serialize(items[i]);
  return out + "]";
}

// The array member `name` of `root`, or an empty array when absent; an error when it is not an array.
Result<std::vector<value>> Members(const value& root, const char* name, const std::string& where) {
  if (!root.has_field(name)) return std::vector<value>{};
  const value& v = root.at(name);
  if (!v.is_array()) return FailedPrecondition(where + ": \"" + name + "\" is not an array");
  return std::vector<value>(v.as_array().begin(), v.as_array().end());
}

Result<ObjectKey> ParseKey(const value& v, const std::string& where) {
  if (!v.is_object() || !v.has_string_field("kind") || !v.has_string_field("name")) {
    return FailedPrecondition(where + ": a removed record is not {\"kind\", \"name\"}");
  }
  auto kind = ParseKindName(v.at("kind").as_string());
  if (!kind.ok()) return kind.status().WithContext(where);
  return ObjectKey{*kind, v.at("name").as_string()};
}

}  // namespace

RecordsChange DiffRecords(const InventoryRecords& before, const InventoryRecords& after) {
  RecordsChange change;
  DiffMap(before.objects, after.objects, change.put_objects, change.removed_objects);
  DiffMap(before.intents, after.intents, change.put_intents, change.removed_intents);
  if (before.deletions != after.deletions) change.deletions = after.deletions;
  return change;
}

void ApplyChange(const RecordsChange& change, InventoryRecords& records) {
  for (const auto& key : change.removed_objects) records.objects.erase(key);
  for (const auto& key : change.removed_intents) records.intents.erase(key);
  for (const auto& object : change.put_objects) records.objects.insert_or_assign(object.key, object);
  for (const auto& intent : change.put_intents) records.intents.insert_or_assign(intent.key, intent);
  if (change.deletions) records.deletions = *change.deletions;
}

std::string SerializeChange(const RecordsChange& change) {
  std::string out = "{\"put_objects\":" + JsonArray(change.put_objects, SerializeObject) +
                    ",\"removed_objects\":" + JsonArray(change.removed_objects, KeyJson) +
                    ",\"put_intents\":" + JsonArray(change.put_intents, SerializeIntent) +
                    ",\"removed_intents\":" + JsonArray(change.removed_intents, KeyJson);
  if (change.deletions) out += ",\"deletions\":" + SerializeDeletionTimes(*change.deletions);
  return out + "}";
}

Result<RecordsChange> ParseChange(std::string_view json, const std::string& where) {
  std::error_code error;
  const value root = value::parse(std::string(json), error);
  if (error || !root.is_object()) return FailedPrecondition(where + ": not a JSON object");
  RecordsChange change;
  auto objects = Members(root, "put_objects", where);
  if (!objects.ok()) return objects.status();
  for (const auto& v : *objects) {
    auto object = ParseObject(v.serialize(), where);
    if (!object.ok()) return object.status();
    change.put_objects.push_back(std::move(object).value());
  }
  auto intents = Members(root, "put_intents", where);
  if (!intents.ok()) return intents.status();
  for (const auto& v : *intents) {
    auto intent = ParseIntent(v.serialize(), where);
    if (!intent.ok()) return intent.status();
    change.put_intents.push_back(std::move(intent).value());
  }
  for (const auto& [name, into] : {std::pair{"removed_objects", &change.removed_objects},
                                   std::pair{"removed_intents", &change.removed_intents}}) {
    auto keys = Members(root, name, where);
    if (!keys.ok()) return keys.status();
    for (const auto& v : *keys) {
      auto key = ParseKey(v, where);
      if (!key.ok()) return key.status();
      into->push_back(std::move(key).value());
    }
  }
  if (root.has_field("deletions")) {
    auto times = ParseDeletionTimes(root.at("deletions").serialize(), where);
    if (!times.ok()) return times.status();
    change.deletions = std::move(times).value();
  }
  return change;
}

}  // namespace edgecert::reconcile
