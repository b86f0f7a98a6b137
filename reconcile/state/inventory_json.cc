// The one file that turns inventory records into cpprestsdk JSON and back; cpprest exceptions stop here.
#include "reconcile/state/inventory_json.h"

#include <cpprest/json.h>

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>

namespace edgecert::reconcile {
namespace {

using web::json::value;

std::string FormatTime(std::chrono::system_clock::time_point t) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Result<std::chrono::system_clock::time_point> ParseTime(const std::string& text) {
  std::tm tm{};
  char zulu = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &zulu, &consumed) != 7 ||
      zulu != 'Z' || static_cast<std::size_t>(consumed) != text.size()) {
    return FailedPrecondition("time '" + text + "' is not RFC 3339 UTC (YYYY-MM-DDTHH:MM:SSZ)");
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

value Strings(const std::vector<std::string>& items) {
  value array = value::array(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) array[i] = value::string(items[i]);
  return array;
}

value ToJson(const OwnedObject& o) {
  value v = value::object(true);
  v["kind"] = value::string(std::string(manifests::KindName(o.key.kind)));
  v["name"] = value::string(o.key.name);
  v["remote_id"] = value::string(o.remote_id);
  v["scope_id"] = value::string(o.scope_id);
  v["spec_fingerprint"] = value::string(o.spec_fingerprint);
  v["remote_status"] = value::string(o.remote_status);
  value records = value::array(o.validation_records.size());
  for (std::size_t i = 0; i < o.validation_records.size(); ++i) {
    value r = value::object(true);
    r["type"] = value::string(o.validation_records[i].type);
    r["name"] = value::string(o.validation_records[i].name);
    r["value"] = value::string(o.validation_records[i].value);
    records[i] = r;
  }
  v["validation_records"] = records;
  v["superseded_remote_ids"] = Strings(o.superseded_remote_ids);
  if (o.orphan) v["deletion_policy"] = value::string("Orphan");  // absent: Delete (older files too)
  if (!o.manifest_file.empty()) v["manifest_file"] = value::string(o.manifest_file);  // absent: not known yet
  return v;
}

value ToJson(const CreateIntent& intent) {
  value v = value::object(true);
  v["kind"] = value::string(std::string(manifests::KindName(intent.key.kind)));
  v["name"] = value::string(intent.key.name);
  v["scope_id"] = value::string(intent.scope_id);
  v["match_key"] = value::string(intent.match_key);
  v["created_at"] = value::string(FormatTime(intent.created_at));
  return v;
}

// Reads fields of one JSON object, remembering the first problem so callers check once at the end.
class FieldReader {
 public:
  FieldReader(const value& v, std::string where) : where_(std::move(where)) {
    if (!v.is_object()) {
      Fail("is not an object");
    } else {
      object_ = &v.as_object();
    }
  }

  std::string String(const char* field, bool required) {
    const value* v = Find(field);
    if (v == nullptr) {
      if (required) Fail(std::string("has no \"") + field + "\"");
      return {};
    }
    if (!v->is_string()) {
      Fail(std::string("\"") + field + "\" is not a string");
      return {};
    }
    if (required && v->as_string().empty()) Fail(std::string("\"") + field + "\" is empty");
    return v->as_string();
  }

  // A kind name; an unknown one fails, naming it (the other fields are still read).
  manifests::Kind Kind(const char* field) {
    const std::string name = String(field, true);
    if (name.empty()) return {};
    auto kind = ParseKindName(name);
    if (!kind.ok()) {
      Fail("has " + kind.status().message());
      return {};
    }
    return *kind;
  }

  const web::json::array* Array(const char* field) {
    const value* v = Find(field);
    if (v == nullptr) return nullptr;
    if (!v->is_array()) {
      Fail(std::string("\"") + field + "\" is not an array");
      return nullptr;
    }
    return &v->as_array();
  }

  void Fail(const std::string& problem) {
    if (status_.ok()) status_ = FailedPrecondition(where_ + " " + problem);
  }
  const Status& status() const { return status_; }
  const std::string& where() const { return where_; }

 private:
  const value* Find(const char* field) const {
    if (object_ == nullptr) return nullptr;
    auto it = object_->find(field);
    return it == object_->end() ? nullptr : &it->second;
  }

  std::string where_;
  const web::json::object* object_ = nullptr;
  Status status_;
};

Result<OwnedObject> ObjectFromJson(const value& v, const std::string& where) {
  FieldReader r(v, where);
  OwnedObject o;
  o.key.kind = r.Kind("kind");
  o.key.name = r.String("name", true);
  o.remote_id = r.String("remote_id", true);
  o.scope_id = r.String("scope_id", false);
  o.spec_fingerprint = r.String("spec_fingerprint", false);
  o.remote_status = r.String("remote_status", false);
  if (const auto* records = r.Array("validation_records")) {
    for (std::size_t i = 0; i < records->size(); ++i) {
      FieldReader rr(records->at(i), r.where() + ".validation_records[" + std::to_string(i) + "]");
      ValidationRecord record{rr.String("type", false), rr.String("name", false), rr.String("value", false)};
      if (!rr.status().ok()) return rr.status();
      o.validation_records.push_back(std::move(record));
    }
  }
  if (const auto* ids = r.Array("superseded_remote_ids")) {
    for (const value& id : *ids) {
      if (!id.is_string() || id.as_string().empty())
        r.Fail("\"superseded_remote_ids\" holds a non-string or empty id");
      else
        o.superseded_remote_ids.push_back(id.as_string());
    }
  }
  o.orphan = r.String("deletion_policy", false) == "Orphan";
  o.manifest_file = r.String("manifest_file", false);
  if (!r.status().ok()) return r.status();
  return o;
}

Result<CreateIntent> IntentFromJson(const value& v, const std::string& where) {
  FieldReader r(v, where);
  CreateIntent intent;
  intent.key.kind = r.Kind("kind");
  intent.key.name = r.String("name", true);
  intent.scope_id = r.String("scope_id", false);
  intent.match_key = r.String("match_key", false);
  std::string created_at = r.String("created_at", true);
  if (!r.status().ok()) return r.status();
  auto time = ParseTime(created_at);
  if (!time.ok()) return time.status().WithContext(r.where());
  intent.created_at = *time;
  return intent;
}

// The prune guard's window: Unix seconds of recent deletions, a JSON array of integers.
Result<std::vector<std::int64_t>> DeletionTimesFromJson(const web::json::value& v, const std::string& where) {
  if (!v.is_array()) return FailedPrecondition(where + " \"deletions\" is not an array");
  std::vector<std::int64_t> times;
  for (const auto& t : v.as_array()) {
    if (!t.is_integer()) return FailedPrecondition(where + " \"deletions\" holds a non-integer");
    times.push_back(t.as_number().to_int64());
  }
  return times;
}

Result<InventoryRecords> RecordsFromJson(const value& root) {
  if (!root.is_object()) return FailedPrecondition("the inventory is not a JSON object");
  const auto& top = root.as_object();
  auto version = top.find("version");
  if (version == top.end()) return FailedPrecondition("the inventory has no \"version\"");
  if (!version->second.is_integer()) return FailedPrecondition("the inventory \"version\" is not an integer");
  std::int64_t number = version->second.as_number().to_int64();
  if (number > kInventoryFormatVersion) {
    return FailedPrecondition("the inventory has format version " + std::to_string(number) +
                              ", written by a newer edgecert; this one reads version " +
                              std::to_string(kInventoryFormatVersion) + ". Upgrade edgecert.");
  }
  if (number < 1) return FailedPrecondition("the inventory has invalid format version " + std::to_string(number));

  InventoryRecords records;
  FieldReader reader(root, "inventory");
  if (const auto* objects = reader.Array("objects")) {
    for (std::size_t i = 0; i < objects->size(); ++i) {
      auto object = ObjectFromJson(objects->at(i), "objects[" + std::to_string(i) + "]");
      if (!object.ok()) return object.status();
      ObjectKey key = object->key;
      if (!records.objects.emplace(key, std::move(object).value()).second) {
        return FailedPrecondition("the inventory lists " + key.ToString() + " twice");
      }
    }
  }
  if (const auto* intents = reader.Array("intents")) {
    for (std::size_t i = 0; i < intents->size(); ++i) {
      auto intent = IntentFromJson(intents->at(i), "intents[" + std::to_string(i) + "]");
      if (!intent.ok()) return intent.status();
      ObjectKey key = intent->key;
      if (!records.intents.emplace(key, std::move(intent).value()).second) {
        return FailedPrecondition("the inventory has two create intents for " + key.ToString());
      }
    }
  }
  if (auto it = top.find("deletions"); it != top.end()) {
    auto times = DeletionTimesFromJson(it->second, "the inventory");
    if (!times.ok()) return times.status();
    records.deletions = std::move(times).value();
  }
  if (!reader.status().ok()) return reader.status();
  return records;
}

}  // namespace

std::string SerializeInventory(const InventoryRecords& records) {
  // One record per line: readable by an operator, and a diff of two snapshots shows what changed.
  std::string out = "{\n  \"version\": " + std::to_string(kInventoryFormatVersion) + ",\n  \"objects\": [";
  const char* separator = "\n    ";
  for (const auto& [key, object] : records.objects) {
    out += separator + ToJson(object).serialize();
    separator = ",\n    ";
  }
  out += records.objects.empty() ? "],\n  \"intents\": [" : "\n  ],\n  \"intents\": [";
  separator = "\n    ";
  for (const auto& [key, intent] : records.intents) {
    out += separator + ToJson(intent).serialize();
    separator = ",\n    ";
  }
  out += records.intents.empty() ? "]" : "\n  ]";
  if (!records.deletions.empty()) out += ",\n  \"deletions\": " + SerializeDeletionTimes(records.deletions);
  out += "\n}\n";
  return out;
}

Result<InventoryRecords> ParseInventory(std::string_view json) {
  try {
    std::error_code error;
    value root = value::parse(std::string(json), error);
    if (error) return FailedPrecondition("the inventory is not valid JSON: " + error.message());
    return RecordsFromJson(root);
  } catch (const std::exception& e) {
    return FailedPrecondition(std::string("the inventory is not valid JSON: ") + e.what());
  }
}

std::string SerializeObject(const OwnedObject& object) { return ToJson(object).serialize(); }
std::string SerializeIntent(const CreateIntent& intent) { return ToJson(intent).serialize(); }

namespace {

template <typename Record, typename FromJson>
Result<Record> ParseRecord(std::string_view json, const std::string& where, FromJson from_json) {
  try {
    std::error_code error;
    value root = value::parse(std::string(json), error);
    if (error) return FailedPrecondition(where + " is not valid JSON: " + error.message());
    return from_json(root, where);
  } catch (const std::exception& e) {
    return FailedPrecondition(where + " is not valid JSON: " + e.what());
  }
}

}  // namespace

Result<OwnedObject> ParseObject(std::string_view json, const std::string& where) {
  return ParseRecord<OwnedObject>(json, where, ObjectFromJson);
}

Result<CreateIntent> ParseIntent(std::string_view json, const std::string& where) {
  return ParseRecord<CreateIntent>(json, where, IntentFromJson);
}

std::string SerializeDeletionTimes(const std::vector<std::int64_t>& times) {
  std::string out = "[";
  for (std::size_t i = 0; i < times.size(); ++i) out += (i == 0 ? "" : ", ") + std::to_string(times[i]);
  return out + "]";
}

Result<std::vector<std::int64_t>> ParseDeletionTimes(std::string_view json, const std::string& where) {
  std::error_code error;
  web::json::value v = web::json::value::parse(std::string(json), error);
  if (error) return FailedPrecondition(where + ": not JSON: " + error.message());
  return DeletionTimesFromJson(v, where);
}

}  // namespace edgecert::reconcile
