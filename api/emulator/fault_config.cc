#include "api/emulator/fault_config.h"

#include <cctype>

#include "api/emulator/json_fields.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

value RouteJson(const std::string& route, const std::string& method) {
  value v = value::object();
  v["route"] = value::string(route);
  if (!method.empty()) v["method"] = value::string(method);
  return v;
}

template <typename T>
Status ReadRoute(const value& item, T& out) {
  auto route = StringField(item, "route");
  auto method = StringField(item, "method");
  if (route.wrong_type() || method.wrong_type()) return InvalidArgument("route and method must be strings");
  if (route.value) out.route = *route.value;
  if (method.value) {
    out.method = *method.value;
    for (auto& c : out.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return Status::Ok();
}

Status ReadRate(const value& item, double& rate, int& remaining) {
  if (item.has_field("rate")) {
    if (!item.at("rate").is_number()) return InvalidArgument("rate must be a number");
    rate = item.at("rate").as_double();
    if (rate < 0 || rate > 1) return InvalidArgument("rate must be between 0 and 1");
  }
  auto count = IntegerField(item, "remaining");
  if (count.wrong_type()) return InvalidArgument("remaining must be an integer");
  if (count.value) remaining = static_cast<int>(*count.value);
  return Status::Ok();
}

template <typename T, typename Fn>
Status ReadList(const value& json, const std::string& name, std::vector<T>& out, Fn read_one) {
  if (!json.has_field(name)) return Status::Ok();
  if (!json.at(name).is_array()) return InvalidArgument(name + " must be an array");
  for (const auto& item : json.at(name).as_array()) {
    if (!item.is_object()) return InvalidArgument(name + " entries must be objects");
    T entry;
    if (Status s = read_one(item, entry); !s.ok()) return s.WithContext(name);
    out.push_back(entry);
  }
  return Status::Ok();
}

}  // namespace

value FaultConfigToJson(const FaultConfig& config) {
  value out = value::object();
  std::vector<value> errors, latency, drops, timeouts;
  for (const auto& e : config.errors) {
    value v = RouteJson(e.route, e.method);
    v["rate"] = value::number(e.rate);
    v["status"] = value::number(e.status);
    v["remaining"] = value::number(e.remaining);
    errors.push_back(v);
  }
  for (const auto& l : config.latency) {
    value v = RouteJson(l.route, l.method);
    v["min_ms"] = value::number(l.min_ms);
    v["max_ms"] = value::number(l.max_ms);
    latency.push_back(v);
  }
  for (const auto& d : config.drops) {
    value v = RouteJson(d.route, d.method);
    v["rate"] = value::number(d.rate);
    v["remaining"] = value::number(d.remaining);
    drops.push_back(v);
  }
  for (const auto& t : config.validation_timeouts) {
    value v = value::object();
    v["pattern"] = value::string(t.pattern);
    v["attempts"] = value::number(t.attempts);
    timeouts.push_back(v);
  }
  out["errors"] = value::array(errors);
  out["latency"] = value::array(latency);
  out["drops"] = value::array(drops);
  out["validation_timeouts"] = value::array(timeouts);
  value rate = value::object();
  rate["requests"] = value::number(config.rate_limit.requests);
  rate["window_seconds"] = value::number(config.rate_limit.window_seconds);
  out["rate_limit"] = rate;
  return out;
}

Result<FaultConfig> FaultConfigFromJson(const value& json) {
  if (!json.is_object()) return InvalidArgument("the fault plan must be a JSON object");
  FaultConfig config;
  Status s = ReadList(json, "errors", config.errors, [](const value& item, ErrorFault& e) -> Status {
    if (Status r = ReadRoute(item, e); !r.ok()) return r;
    if (Status r = ReadRate(item, e.rate, e.remaining); !r.ok()) return r;
    auto status = IntegerField(item, "status");
    if (status.wrong_type() || (status.value && (*status.value < 500 || *status.value > 599))) {
      return InvalidArgument("status must be a 5xx code");
    }
    if (status.value) e.status = static_cast<int>(*status.value);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  s = ReadList(json, "latency", config.latency, [](const value& item, LatencyFault& l) -> Status {
    if (Status r = ReadRoute(item, l); !r.ok()) return r;
    auto min_ms = IntegerField(item, "min_ms");
    auto max_ms = IntegerField(item, "max_ms");
    if (min_ms.wrong_type() || max_ms.wrong_type()) return InvalidArgument("min_ms and max_ms must be integers");
    l.min_ms = static_cast<int>(min_ms.value.value_or(0));
    l.max_ms = static_cast<int>(max_ms.value.value_or(l.min_ms));
    if (l.min_ms < 0 || l.max_ms < l.min_ms || l.max_ms > 60'000) {
      return InvalidArgument("latency needs 0 <= min_ms <= max_ms <= 60000");
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  s = ReadList(json, "drops", config.drops, [](const value& item, DropFault& d) -> Status {
    if (Status r = ReadRoute(item, d); !r.ok()) return r;
    return ReadRate(item, d.rate, d.remaining);
  });
  if (!s.ok()) return s;
  s = ReadList(json, "validation_timeouts", config.validation_timeouts,
               [](const value& item, ValidationTimeout& t) -> Status {
                 auto pattern = StringField(item, "pattern");
                 auto attempts = IntegerField(item, "attempts");
                 if (!pattern.value || pattern.value->empty()) return InvalidArgument("pattern is required");
                 if (attempts.wrong_type() || attempts.value.value_or(0) < 0) {
                   return InvalidArgument("attempts must be a non-negative integer");
                 }
                 t.pattern = *pattern.value;
                 t.attempts = static_cast<int>(attempts.value.value_or(0));
                 return Status::Ok();
               });
  if (!s.ok()) return s;
  if (auto rate = ObjectField(json, "rate_limit")) {
    auto requests = IntegerField(*rate, "requests");
    auto window = IntegerField(*rate, "window_seconds");
    if (requests.wrong_type() || window.wrong_type() || requests.value.value_or(0) < 0 ||
        window.value.value_or(1) < 1) {
      return InvalidArgument("rate_limit needs requests >= 0 and window_seconds >= 1");
    }
    if (requests.value) config.rate_limit.requests = static_cast<int>(*requests.value);
    if (window.value) config.rate_limit.window_seconds = static_cast<int>(*window.value);
  }
  return config;
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative matcher with single-star backtracking: linear in practice, no recursion.
  std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  auto eq = [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && eq(pattern[p], text[t])) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace edgecert::emulator
