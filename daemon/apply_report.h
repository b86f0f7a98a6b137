// What `edgecert apply --output json` prints: one JSON object with the plan that was carried out, the
// outcome, and every object's status after the run (phase, remote id and status, the validation records
// an operator has to publish, expiry, last error), for CI pipelines that publish DNS records.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "reconcile/apply_run.h"
#include "reconcile/object_status.h"
#include "reconcile/plan.h"

namespace edgecert::daemon {

inline constexpr int kApplyJsonFormatVersion = 1;

// {"format_version": 1, "ok": bool, "plan": <plan --output json>, "outcome": {"failed": [...],
// "not_ready": [...], "held_back": [...], "orphaned": [...], "reconciles": N}, "summary": {"objects",
// "phases"}, "objects": [<as /status>]}.
std::string ApplyReportToJson(const reconcile::Plan& plan, const reconcile::ApplyOutcome& outcome,
                              const std::vector<reconcile::ObjectStatus>& objects);

}  // namespace edgecert::daemon
