#include "api/client/json_fields.h"

#include <cmath>
#include <limits>

namespace edgecert::api {

const char* JsonTypeName(const web::json::value& v) {
  switch (v.type()) {
    case web::json::value::Number: return "number";
    case web::json::value::Boolean: return "boolean";
    case web::json::value::String: return "string";
    case web::json::value::Object: return "object";
    case web::json::value::Array: return "array";
    case web::json::value::Null: return "null";
  }
  return "unknown";
}

JsonFields::JsonFields(const web::json::value& object, std::string what)
    : object_(object), what_(std::move(what)) {
  if (!object_.is_object()) {
    status_ = Internal(what_ + ": got a " + JsonTypeName(object_) + ", expected an object");
  }
}

void JsonFields::Fail(const Status& status) {
  if (status_.ok() && !status.ok()) status_ = status;
}

void JsonFields::TypeError(const std::string& key, const web::json::value& v, const char* want) {
  Fail(Internal(what_ + ": field \"" + key + "\" is a " + JsonTypeName(v) + ", expected " + want));
}

const web::json::value* JsonFields::Find(const std::string& key, bool required) {
  if (!status_.ok()) return nullptr;
  const auto& obj = object_.as_object();
  auto it = obj.find(key);
  if (it == obj.end() || it->second.is_null()) {
    if (required) {
      Fail(Internal(what_ + ": required field \"" + key + "\" is " +
                    (it == obj.end() ? "missing" : "null")));
    }
    return nullptr;
  }
  return &it->second;
}

std::optional<std::string> JsonFields::OptString(const std::string& key) {
  const auto* v = Find(key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    TypeError(key, *v, "a string");
    return std::nullopt;
  }
  return v->as_string();
}

std::string JsonFields::String(const std::string& key) {
  const auto* v = Find(key, true);
  if (v == nullptr) return {};
  if (!v->is_string()) {
    TypeError(key, *v, "a string");
    return {};
  }
  return v->as_string();
}

std::optional<bool> JsonFields::OptBool(const std::string& key) {
  const auto* v = Find(key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    TypeError(key, *v, "a boolean");
    return std::nullopt;
  }
  return v->as_bool();
}

bool JsonFields::Bool(const std::string& key) {
  const auto* v = Find(key, true);
  if (v == nullptr) return false;
  if (!v->is_boolean()) {
    TypeError(key, *v, "a boolean");
    return false;
  }
  return v->as_bool();
}

std::optional<std::int64_t> JsonFields::OptInt(const std::string& key) {
  const auto* v = Find(key, false);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    TypeError(key, *v, "an integer");
    return std::nullopt;
  }
  const auto& n = v->as_number();
  if (n.is_int64()) return n.to_int64();
  const double d = n.to_double();
  // Cloudflare sometimes sends integral values as floats ("page": 1.0).
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
    return static_cast<std::int64_t>(d);
  }
  TypeError(key, *v, "an integer");
  return std::nullopt;
}

std::int64_t JsonFields::Int(const std::string& key) {
  if (Find(key, true) == nullptr) return 0;
  return OptInt(key).value_or(0);
}

std::vector<std::string> JsonFields::StringList(const std::string& key, bool required) {
  const auto* v = Find(key, required);
  if (v == nullptr) return {};
  if (!v->is_array()) {
    TypeError(key, *v, "an array of strings");
    return {};
  }
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) {
      TypeError(key, item, "an array of strings (an element)");
      return {};
    }
    out.push_back(item.as_string());
  }
  return out;
}

std::vector<std::string> JsonFields::MessageList(const std::string& key) {
  std::vector<std::string> out;
  const auto* arr = Array(key, false);
  if (arr == nullptr) return out;
  for (const auto& item : arr->as_array()) {
    if (item.is_string()) {
      out.push_back(item.as_string());
      continue;
    }
    JsonFields e(item, what_ + " " + key + " entry");
    out.push_back(e.OptString("message").value_or(""));
    Fail(e.status());
  }
  return out;
}

const web::json::value* JsonFields::Object(const std::string& key, bool required) {
  const auto* v = Find(key, required);
  if (v != nullptr && !v->is_object()) {
    TypeError(key, *v, "an object");
    return nullptr;
  }
  return v;
}

const web::json::value* JsonFields::Array(const std::string& key, bool required) {
  const auto* v = Find(key, required);
  if (v != nullptr && !v->is_array()) {
    TypeError(key, *v, "an array");
    return nullptr;
  }
  return v;
}

}  // namespace edgecert::api
