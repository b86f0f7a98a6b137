// Helpers shared by the CloudflareClient files: run an ApiCall and map its result to a type.
// A result that fails to map after a non-idempotent call succeeded is kAmbiguous (the write
// happened, but we cannot say what it made).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "api/client/api_caller.h"
#include "api/client/json_fields.h"

namespace edgecert::api {

inline Status MappingFailure(const ApiCall& call, const Status& status) {
  Status s = status.WithContext(call.method + " " + call.endpoint);
  if (!call.idempotent) {
    return Status(StatusCode::kAmbiguous,
                  s.message() + "; the write succeeded but its result could not be read");
  }
  return s;
}

template <typename T, typename Parse>
Result<T> CallOne(ApiCaller& caller, const ApiCall& call, Parse parse) {
  auto env = caller.Call(call);
  if (!env.ok()) return env.status();
  Result<T> parsed = parse(env->result);
  if (!parsed.ok()) return MappingFailure(call, parsed.status());
  return parsed;
}

template <typename T, typename Parse>
Result<std::vector<T>> CallList(ApiCaller& caller, const ApiCall& call, Parse parse, bool paginated) {
  std::vector<web::json::value> items;
  if (paginated) {
    auto all = caller.ListAll(call);
    if (!all.ok()) return all.status();
    items = std::move(all).value();
  } else {
    auto env = caller.Call(call);
    if (!env.ok()) return env.status();
    if (env->result.is_null()) return std::vector<T>{};
    if (!env->result.is_array()) {
      return MappingFailure(call, Internal(std::string("result is a ") + JsonTypeName(env->result) +
                                           ", expected an array"));
    }
    for (const auto& item : env->result.as_array()) items.push_back(item);
  }
  std::vector<T> out;
  out.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Result<T> parsed = parse(items[i]);
    if (!parsed.ok()) {
      return MappingFailure(call, parsed.status().WithContext("item " + std::to_string(i)));
    }
    out.push_back(std::move(parsed).value());
  }
  return out;
}

inline Status CallStatus(ApiCaller& caller, const ApiCall& call) {
  auto env = caller.Call(call);
  return env.ok() ? Status::Ok() : env.status();
}

inline ApiCall Get(std::string endpoint, std::vector<std::string> args) {
  ApiCall c;
  c.method = "GET";
  c.endpoint = std::move(endpoint);
  c.path_args = std::move(args);
  return c;
}

inline ApiCall Write(std::string method, std::string endpoint, std::vector<std::string> args,
                     web::json::value body) {
  ApiCall c;
  c.method = std::move(method);
  c.endpoint = std::move(endpoint);
  c.path_args = std::move(args);
  c.body = std::move(body);
  c.idempotent = c.method != "POST";
  return c;
}

inline ApiCall Delete(std::string endpoint, std::vector<std::string> args) {
  ApiCall c;
  c.method = "DELETE";
  c.endpoint = std::move(endpoint);
  c.path_args = std::move(args);
  c.not_found_is_success = true;
  return c;
}

}  // namespace edgecert::api
