#include "daemon/status_report.h"

#include <cpprest/json.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <sstream>

namespace edgecert::daemon {
namespace {

using web::json::value;

constexpr std::array<reconcile::Phase, 5> kPhases = {reconcile::Phase::kPending, reconcile::Phase::kProgressing,
                                                     reconcile::Phase::kReady, reconcile::Phase::kFailed,
                                                     reconcile::Phase::kDeleting};

std::optional<reconcile::Phase> PhaseFromName(std::string_view name) {
  for (reconcile::Phase p : kPhases) {
    if (reconcile::PhaseName(p) == name) return p;
  }
  return std::nullopt;
}

value TimeOrNull(const std::optional<Clock::TimePoint>& t) { return t ? value::string(FormatUtc(*t)) : value::null(); }

value ObjectToJson(const reconcile::ObjectStatus& o) {
  value v = value::object(true);  // keep field order: the JSON is read by people too
  v["kind"] = value::string(std::string(manifests::KindName(o.key.kind)));
  v["name"] = value::string(o.key.name);
  v["zone"] = value::string(o.zone);
  v["phase"] = value::string(std::string(reconcile::PhaseName(o.phase)));
  v["remote_id"] = value::string(o.remote_id);
  v["remote_status"] = value::string(o.remote_status);
  std::vector<value> records;
  for (const auto& r : o.validation_records) {
    value record = value::object(true);
    record["type"] = value::string(r.type);
    record["name"] = value::string(r.name);
    record["value"] = value::string(r.value);
    records.push_back(std::move(record));
  }
  v["validation_records"] = value::array(std::move(records));
  v["expires_on"] = TimeOrNull(o.expires_on);
  v["last_error"] = value::string(o.last_error);
  v["next_action"] = TimeOrNull(o.next_action);
  v["validation_restarts"] = value::number(o.validation_restarts);
  return v;
}

std::map<reconcile::Phase, int> CountPhases(const std::vector<reconcile::ObjectStatus>& objects) {
  std::map<reconcile::Phase, int> counts;
  for (const auto& o : objects) ++counts[o.phase];
  return counts;
}

// Reads fields of one JSON object; the first problem is kept with where it was found.
class Reader {
 public:
  Reader(const value& v, std::string where) : v_(v), where_(std::move(where)) {}

  const value* Field(const char* name, bool (value::*is)() const, const char* type) {
    if (!v_.is_object() || !v_.has_field(name)) return Fail(name, "is missing");
    const value& f = v_.at(name);
    if (!(f.*is)()) return Fail(name, std::string("is not ") + type);
    return &f;
  }
  std::string String(const char* name) {
    const value* f = Field(name, &value::is_string, "a string");
    return f ? f->as_string() : std::string();
  }
  std::optional<Clock::TimePoint> Time(const char* name) {
    if (v_.is_object() && v_.has_field(name) && v_.at(name).is_null()) return std::nullopt;
    const std::string text = String(name);
    if (!error_.empty()) return std::nullopt;
    auto t = ParseUtc(text);
    if (!t) Fail(name, "is not an RFC 3339 UTC time");
    return t;
  }
  const value* Fail(const std::string& name, const std::string& what) {
    if (error_.empty()) error_ = where_ + "." + name + " " + what;
    return nullptr;
  }
  const std::string& error() const { return error_; }

 private:
  const value& v_;
  std::string where_;
  std::string error_;
};

std::string Relative(Clock::TimePoint t, Clock::TimePoint now) {
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(t - now).count();
  if (secs <= 0) return "now";
  if (secs < 120) return "in " + std::to_string(secs) + "s";
  if (secs < 7200) return "in " + std::to_string(secs / 60) + "m";
  if (secs < 2 * 86400) return "in " + std::to_string(secs / 3600) + "h";
  return "in " + std::to_string(secs / 86400) + "d";
}

std::string OrDash(const std::string& s) { return s.empty() ? "-" : s; }

}  // namespace

std::string FormatUtc(Clock::TimePoint t) {
  const std::time_t seconds = std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::optional<Clock::TimePoint> ParseUtc(std::string_view text) {
  const std::string s(text);
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return Clock::TimePoint(std::chrono::seconds(timegm(&tm)));
}

std::string StatusReportToJson(const StatusReport& report) {
  value root = value::object(true);
  const DaemonSummary& d = report.daemon;
  value daemon = value::object(true);
  daemon["version"] = value::string(d.version);
  daemon["ready"] = value::boolean(d.ready);
  daemon["not_ready_reason"] = value::string(d.not_ready_reason);
  daemon["desired_hash"] = value::string(d.desired_hash);
  daemon["desired_loaded_at"] = TimeOrNull(d.desired_loaded_at);
  daemon["last_load_error"] = value::string(d.last_load_error);
  daemon["last_sync"] = TimeOrNull(d.last_sync);
  std::vector<value> held;
  for (const auto& h : d.deletions_held_back) held.push_back(value::string(h));
  daemon["deletions_held_back"] = value::array(held);
  if (!d.role.empty()) {
    daemon["role"] = value::string(d.role);
    daemon["leader"] = value::string(d.leader);
  }
  root["daemon"] = std::move(daemon);

  value summary = value::object(true);
  summary["objects"] = value::number(static_cast<int>(report.objects.size()));
  value phases = value::object(true);
  const auto counts = CountPhases(report.objects);
  for (reconcile::Phase p : kPhases) {
    const auto it = counts.find(p);
    phases[std::string(reconcile::PhaseName(p))] = value::number(it == counts.end() ? 0 : it->second);
  }
  summary["phases"] = std::move(phases);
  root["summary"] = std::move(summary);

  std::vector<value> objects;
  objects.reserve(report.objects.size());
  for (const auto& o : report.objects) objects.push_back(ObjectToJson(o));
  root["objects"] = value::array(std::move(objects));
  return root.serialize();
}

Result<StatusReport> ParseStatusReport(std::string_view json) {
  value root;
  try {
    root = value::parse(std::string(json));
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("the status is not valid JSON: ") + e.what());
  }
  StatusReport report;
  Reader top(root, "status");
  const value* daemon = top.Field("daemon", &value::is_object, "an object");
  const value* objects = top.Field("objects", &value::is_array, "an array");
  if (!top.error().empty()) return InvalidArgument(top.error());

  Reader d(*daemon, "status.daemon");
  report.daemon.version = d.String("version");
  if (const value* ready = d.Field("ready", &value::is_boolean, "a boolean")) report.daemon.ready = ready->as_bool();
  report.daemon.not_ready_reason = d.String("not_ready_reason");
  report.daemon.desired_hash = d.String("desired_hash");
  report.daemon.desired_loaded_at = d.Time("desired_loaded_at");
  report.daemon.last_load_error = d.String("last_load_error");
  report.daemon.last_sync = d.Time("last_sync");
  if (daemon->has_array_field("deletions_held_back")) {
    for (const auto& h : daemon->at("deletions_held_back").as_array()) {
      if (h.is_string()) report.daemon.deletions_held_back.push_back(h.as_string());
    }
  }
  if (daemon->has_string_field("role")) report.daemon.role = daemon->at("role").as_string();
  if (daemon->has_string_field("leader")) report.daemon.leader = daemon->at("leader").as_string();
  if (!d.error().empty()) return InvalidArgument(d.error());

  const auto& array = objects->as_array();
  for (std::size_t i = 0; i < array.size(); ++i) {
    Reader r(array.at(i), "status.objects[" + std::to_string(i) + "]");
    reconcile::ObjectStatus o;
    const std::string kind = r.String("kind");
    if (r.error().empty()) {
      if (auto k = manifests::KindFromName(kind))
        o.key.kind = *k;
      else
        r.Fail("kind", "is not a kind this edgecert knows: \"" + kind + "\"");
    }
    o.key.name = r.String("name");
    o.zone = r.String("zone");
    const std::string phase = r.String("phase");
    if (r.error().empty()) {
      if (auto p = PhaseFromName(phase))
        o.phase = *p;
      else
        r.Fail("phase", "is not a known phase: \"" + phase + "\"");
    }
    o.remote_id = r.String("remote_id");
    o.remote_status = r.String("remote_status");
    if (const value* records = r.Field("validation_records", &value::is_array, "an array")) {
      for (const auto& rv : records->as_array()) {
        Reader rr(rv, "status.objects[" + std::to_string(i) + "].validation_records");
        reconcile::ValidationRecord record{rr.String("type"), rr.String("name"), rr.String("value")};
        if (!rr.error().empty()) return InvalidArgument(rr.error());
        o.validation_records.push_back(std::move(record));
      }
    }
    o.expires_on = r.Time("expires_on");
    o.last_error = r.String("last_error");
    o.next_action = r.Time("next_action");
    if (const value* restarts = r.Field("validation_restarts", &value::is_integer, "an integer")) {
      o.validation_restarts = restarts->as_integer();
    }
    if (!r.error().empty()) return InvalidArgument(r.error());
    report.objects.push_back(std::move(o));
  }
  return report;
}

std::string RenderStatusTable(const StatusReport& report, Clock::TimePoint now) {
  std::ostringstream out;
  const DaemonSummary& d = report.daemon;
  out << "edgecert " << d.version << ": " << (d.ready ? "ready" : "NOT READY (" + d.not_ready_reason + ")") << "\n";
  if (!d.role.empty()) out << "role: " << d.role << (d.leader.empty() ? "" : ", leader: " + d.leader) << "\n";
  out << "desired state: " << OrDash(d.desired_hash);
  if (d.desired_loaded_at) out << ", loaded " << FormatUtc(*d.desired_loaded_at);
  out << "\n";
  if (!d.last_load_error.empty())
    out << "last manifest load failed (last good state kept): " << d.last_load_error << "\n";
  out << "last sync: " << (d.last_sync ? FormatUtc(*d.last_sync) : std::string("never")) << "\n";
  for (const auto& h : d.deletions_held_back) out << "deletion held back: " << h << "\n";

  const auto counts = CountPhases(report.objects);
  out << report.objects.size() << (report.objects.size() == 1 ? " object" : " objects");
  std::string sep = ": ";
  for (reconcile::Phase p : kPhases) {
    const auto it = counts.find(p);
    if (it == counts.end()) continue;
    out << sep << it->second << " " << reconcile::PhaseName(p);
    sep = ", ";
  }
  out << "\n";
  if (report.objects.empty()) return out.str();

  using Row = std::array<std::string, 8>;
  std::vector<Row> rows = {{"KIND", "NAME", "ZONE", "PHASE", "REMOTE STATUS", "REMOTE ID", "EXPIRES", "NEXT"}};
  for (const auto& o : report.objects) {
    rows.push_back({std::string(manifests::KindName(o.key.kind)), o.key.name, OrDash(o.zone),
                    std::string(reconcile::PhaseName(o.phase)), OrDash(o.remote_status), OrDash(o.remote_id),
                    o.expires_on ? FormatUtc(*o.expires_on).substr(0, 10) : "-",
                    o.next_action ? Relative(*o.next_action, now) : "-"});
  }
  std::array<std::size_t, 8> widths{};
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  }
  out << "\n";
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - row[c].size() + 2, ' ');
    }
    out << line << "\n";
  }

  bool header = false;
  for (const auto& o : report.objects) {
    if (o.validation_records.empty() || o.phase == reconcile::Phase::kReady) continue;
    if (!header) out << "\nValidation records to publish:\n";
    header = true;
    for (const auto& r : o.validation_records) {
      out << "  " << o.key.ToString() << ": " << r.type << " " << r.name << " " << r.value << "\n";
    }
  }
  header = false;
  for (const auto& o : report.objects) {
    if (o.last_error.empty()) continue;
    if (!header) out << "\nErrors:\n";
    header = true;
    out << "  " << o.key.ToString() << ": " << o.last_error << "\n";
  }
  return out.str();
}

}  // namespace edgecert::daemon
