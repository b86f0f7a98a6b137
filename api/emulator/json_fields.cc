#include "api/emulator/json_fields.h"

#include <cmath>

namespace edgecert::emulator {

namespace {

const web::json::value* Member(const web::json::value& object, const std::string& name) {
  if (!object.is_object()) return nullptr;
  const auto& members = object.as_object();
  auto it = members.find(name);
  if (it == members.end() || it->second.is_null()) return nullptr;
  return &it->second;
}

}  // namespace

Field<std::string> StringField(const web::json::value& object, const std::string& name) {
  Field<std::string> field;
  const web::json::value* member = Member(object, name);
  if (member == nullptr) return field;
  field.present = true;
  if (member->is_string()) field.value = member->as_string();
  return field;
}

Field<bool> BoolField(const web::json::value& object, const std::string& name) {
  Field<bool> field;
  const web::json::value* member = Member(object, name);
  if (member == nullptr) return field;
  field.present = true;
  if (member->is_boolean()) field.value = member->as_bool();
  return field;
}

Field<long long> IntegerField(const web::json::value& object, const std::string& name) {
  Field<long long> field;
  const web::json::value* member = Member(object, name);
  if (member == nullptr) return field;
  field.present = true;
  if (member->is_number()) {
    const double d = member->as_double();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 1e15) field.value = static_cast<long long>(d);
  }
  return field;
}

Field<std::vector<std::string>> StringListField(const web::json::value& object, const std::string& name) {
  Field<std::vector<std::string>> field;
  const web::json::value* member = Member(object, name);
  if (member == nullptr) return field;
  field.present = true;
  if (!member->is_array()) return field;
  std::vector<std::string> out;
  for (const auto& element : member->as_array()) {
    if (!element.is_string()) return field;
    out.push_back(element.as_string());
  }
  field.value = std::move(out);
  return field;
}

std::optional<web::json::value> ObjectField(const web::json::value& object, const std::string& name) {
  const web::json::value* member = Member(object, name);
  if (member == nullptr || !member->is_object()) return std::nullopt;
  return *member;
}

web::json::value StringArray(const std::vector<std::string>& values) {
  std::vector<web::json::value> out;
  out.reserve(values.size());
  for (const auto& v : values) out.push_back(web::json::value::string(v));
  return web::json::value::array(out);
}

}  // namespace edgecert::emulator
