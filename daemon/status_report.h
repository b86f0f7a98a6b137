// StatusReport: what `/status` serves and `edgecert status` prints: a summary of the daemon (desired
// state, last sync, readiness) and every object's status. JSON both ways, and a readable text table.
// Never holds a secret (ObjectStatus::last_error never does). Thread-safety: plain values and functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "reconcile/object_status.h"

namespace edgecert::daemon {

struct DaemonSummary {
  std::string version;
  std::string desired_hash;  // "sha256:..." of the desired state in force
  std::optional<Clock::TimePoint> desired_loaded_at;
  std::string last_load_error;                   // empty when the last load succeeded
  std::optional<Clock::TimePoint> last_sync;     // last full pass that ended without error
  std::vector<std::string> deletions_held_back;  // "Kind/name: why" the prune guard refuses now
  bool ready = false;
  std::string not_ready_reason;                  // why /readyz fails; empty when ready
  std::string role;                              // with etcd state: "leader", "follower" or "candidate"
  std::string leader;                            // with etcd state: the leading instance
};

struct StatusReport {
  DaemonSummary daemon;
  std::vector<reconcile::ObjectStatus> objects;
};

// {"daemon": {...}, "summary": {"objects": N, "phases": {"Ready": n, ...}}, "objects": [...]}; times
// are RFC 3339 UTC ("2026-01-01T00:00:00Z"), absent ones null.
std::string StatusReportToJson(const StatusReport& report);
// Reads what StatusReportToJson wrote; InvalidArgument says what is wrong.
Result<StatusReport> ParseStatusReport(std::string_view json);

// A summary, then one aligned row per object, then validation records and errors. `now` makes the
// next action relative ("in 40s").
std::string RenderStatusTable(const StatusReport& report, Clock::TimePoint now);

// RFC 3339 in UTC, whole seconds: "2026-01-01T00:00:00Z".
std::string FormatUtc(Clock::TimePoint t);
std::optional<Clock::TimePoint> ParseUtc(std::string_view text);

}  // namespace edgecert::daemon
