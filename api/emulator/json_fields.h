// Non-throwing readers for fields of a JSON request body: a missing field and a field of the wrong
// type are told apart, so handlers can answer with the right error code. Thread-safety: pure functions.
#pragma once

#include <cpprest/json.h>

#include <optional>
#include <string>
#include <vector>

namespace edgecert::emulator {

// Field lookup outcome: absent, present with the expected type (value set), or present with a wrong type.
template <typename T>
struct Field {
  bool present = false;
  std::optional<T> value;
  bool wrong_type() const { return present && !value; }
};

Field<std::string> StringField(const web::json::value& object, const std::string& name);
Field<bool> BoolField(const web::json::value& object, const std::string& name);
Field<long long> IntegerField(const web::json::value& object, const std::string& name);
// An array whose every element is a string; a mixed array is a wrong type.
Field<std::vector<std::string>> StringListField(const web::json::value& object, const std::string& name);
// The object member, or std::nullopt when absent or not an object.
std::optional<web::json::value> ObjectField(const web::json::value& object, const std::string& name);

web::json::value StringArray(const std::vector<std::string>& values);

}  // namespace edgecert::emulator
