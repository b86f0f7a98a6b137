// The machine-readable plan (`plan -o json`, the "plan" of a saved plan and of an apply report), written
// change by change to a stream: memory stays one change deep however large the plan. The bytes are those
// of the cpprestsdk document the plan used to be built as (tests/reconcile/plan_json_test.cc holds both).
#pragma once

#include <ostream>

#include "reconcile/plan.h"

namespace edgecert::reconcile {

// The "format_version" of the JSON plan; raised when a field changes meaning or goes away.
inline constexpr int kPlanJsonFormatVersion = 1;

// One line of compact JSON and a newline: {"format_version", "changes" (every change, no-ops included,
// each with action, kind, name, zone, remote_id, reason and typed fields), "held_back", "errors",
// "summary" (a count per action), "has_changes", "pending"}.
void WritePlanJson(const Plan& plan, std::ostream& out);

}  // namespace edgecert::reconcile
