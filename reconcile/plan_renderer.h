// Renders a Plan for people (terraform-style text, Markdown for a pull-request comment) and for
// machines (JSON, see plan_json.h). Pure functions: no I/O but to the given stream, no time, deterministic
// output for a given plan.
#pragma once

#include <ostream>
#include <string>

#include "common/terminal_style.h"
#include "reconcile/plan.h"
#include "reconcile/plan_json.h"

namespace edgecert::reconcile {

enum class PlanFormat { kText, kJson, kMarkdown };

// `style` colours the text format's markers (create green, update yellow, replace and delete red, adopt
// and forget cyan, conflicts, held-back deletions and errors red); JSON and Markdown are never coloured.
std::string RenderPlan(const Plan& plan, PlanFormat format, const TerminalStyle& style = TerminalStyle());

// The same bytes written to `out` change by change, without the whole rendering in memory (a plan of
// 10,000 changes is megabytes of text).
void WritePlan(const Plan& plan, PlanFormat format, const TerminalStyle& style, std::ostream& out);

// "Plan: 2 to create, 1 to update, 0 to replace, 1 to delete, 3 to adopt, 0 to adopt and update, 0 to
// adopt and replace, 1 to forget, 0 held back, 1 conflict(s), 7 unchanged."
std::string PlanSummary(const Plan& plan);

}  // namespace edgecert::reconcile
