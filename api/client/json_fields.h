// JsonFields: typed reads of one JSON object's fields that remember the first problem as a Status
// ("certificate pack: field \"hosts\" is missing"). Absent and null optional fields read as empty;
// unknown fields are ignored. Used by the JSON mappings of every API type.
// Thread-safety: a value type used by one thread.
#pragma once

#include <cpprest/json.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace edgecert::api {

class JsonFields {
 public:
  // `what` names the object in error messages, e.g. "certificate pack".
  JsonFields(const web::json::value& object, std::string what);

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  std::string String(const std::string& key);  // required
  std::optional<std::string> OptString(const std::string& key);
  bool Bool(const std::string& key);  // required
  std::optional<bool> OptBool(const std::string& key);
  std::int64_t Int(const std::string& key);  // required; integral numbers only
  std::optional<std::int64_t> OptInt(const std::string& key);
  std::vector<std::string> StringList(const std::string& key, bool required);
  // The nested object or array, or nullptr when absent/null (an error when required).
  const web::json::value* Object(const std::string& key, bool required);
  const web::json::value* Array(const std::string& key, bool required);

  // An optional array of {message} objects (or bare strings) as its messages.
  std::vector<std::string> MessageList(const std::string& key);

  // Records an error found by the caller (a nested object that failed to map).
  void Fail(const Status& status);

 private:
  const web::json::value* Find(const std::string& key, bool required);
  void TypeError(const std::string& key, const web::json::value& v, const char* want);

  const web::json::value& object_;
  std::string what_;
  Status status_;
};

// The JSON type of `v` in words ("string", "number", ...), for error messages.
const char* JsonTypeName(const web::json::value& v);

// Maps every element of `array` with `parse`, failing on the first bad element (with its index).
template <typename T, typename Parse>
Result<std::vector<T>> ParseList(const web::json::value& array, const std::string& what, Parse parse) {
  if (!array.is_array()) {
    return Internal(what + " list: result is a " + JsonTypeName(array) + ", expected an array");
  }
  std::vector<T> out;
  const auto& items = array.as_array();
  out.reserve(items.size());
  std::size_t index = 0;
  for (const auto& item : items) {
    Result<T> parsed = parse(item);
    if (!parsed.ok()) return parsed.status().WithContext(what + " list item " + std::to_string(index));
    out.push_back(std::move(parsed).value());
    ++index;
  }
  return out;
}

// Reads the optional array of objects at `key` with `parse`, recording the first failure in `f`.
template <typename T, typename Parse>
std::vector<T> ObjectList(JsonFields& f, const std::string& key, Parse parse) {
  const auto* arr = f.Array(key, false);
  if (arr == nullptr) return {};
  auto parsed = ParseList<T>(*arr, key, parse);
  if (!parsed.ok()) {
    f.Fail(parsed.status());
    return {};
  }
  return std::move(parsed).value();
}

}  // namespace edgecert::api
