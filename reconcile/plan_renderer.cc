#include "reconcile/plan_renderer.h"

#include <sstream>

namespace edgecert::reconcile {
namespace {

std::string_view Symbol(ChangeType type) {
  switch (type) {
    case ChangeType::kCreate: return "+";
    case ChangeType::kUpdate: return "~";
    case ChangeType::kReplace: return "-/+";
    case ChangeType::kDelete: return "-";
    case ChangeType::kAdopt: return "=";
    case ChangeType::kAdoptAndUpdate: return "=~";
    case ChangeType::kAdoptAndReplace: return "=-/+";
    case ChangeType::kForget: return "o";
    case ChangeType::kConflict: return "!";
    case ChangeType::kNoOp: return " ";
  }
  return "?";
}

std::string Describe(const PlannedChange& c) {
  std::string out = std::string(manifests::KindName(c.kind)) + "/" + c.name;
  if (!c.zone.empty()) out += " (" + c.zone + ")";
  if (!c.remote_id.empty()) out += " [" + c.remote_id + "]";
  return out;
}

std::string ShowValue(const std::string& v) { return v.empty() ? "(absent)" : v; }

std::string Coloured(ChangeType type, const std::string& text, const TerminalStyle& style) {
  switch (type) {
    case ChangeType::kCreate: return style.Green(text);
    case ChangeType::kUpdate:
    case ChangeType::kAdoptAndUpdate: return style.Yellow(text);
    case ChangeType::kReplace:
    case ChangeType::kDelete:
    case ChangeType::kAdoptAndReplace:
    case ChangeType::kConflict: return style.Red(text);
    case ChangeType::kAdopt:
    case ChangeType::kForget: return style.Cyan(text);
    case ChangeType::kNoOp: break;
  }
  return text;
}

void WriteText(const Plan& plan, const TerminalStyle& style, std::ostream& out) {
  for (const auto& c : plan.changes) {
    if (c.type == ChangeType::kNoOp) continue;
    out << Coloured(c.type, std::string(Symbol(c.type)) + " " + std::string(ChangeTypeName(c.type)), style) << " "
        << Describe(c);
    if (!c.reason.empty()) out << ": " << c.reason;
    out << "\n";
    for (const auto& f : c.fields) {
      out << "      " << f.field << ": " << ShowValue(f.before) << " -> " << ShowValue(f.after) << "\n";
    }
  }
  for (const auto& h : plan.held_back) out << style.Red("! held back:") << " " << h << "\n";
  for (const auto& e : plan.errors) out << style.Red("! error:") << " " << e << "\n";
  if (!plan.Pending() && plan.errors.empty()) out << "No changes. The remote state matches the manifests.\n";
  out << PlanSummary(plan) << "\n";
}

std::string EscapeMarkdown(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|' || ch == '`') out += '\\';
    out += ch;
  }
  return out;
}

void WriteMarkdown(const Plan& plan, std::ostream& out) {
  out << "### edgecert plan\n\n" << PlanSummary(plan) << "\n\n";
  if (plan.HasChanges() || plan.Count(ChangeType::kConflict) > 0) {
    out << "| change | kind | name | zone | details |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& c : plan.changes) {
      if (c.type == ChangeType::kNoOp) continue;
      std::string details = EscapeMarkdown(c.reason);
      for (const auto& f : c.fields) {
        details += "<br>`" + EscapeMarkdown(f.field) + "`: " + EscapeMarkdown(ShowValue(f.before)) + " → " +
                   EscapeMarkdown(ShowValue(f.after));
      }
      out << "| " << Symbol(c.type) << " " << ChangeTypeName(c.type) << " | " << manifests::KindName(c.kind) << " | "
          << EscapeMarkdown(c.name) << " | " << EscapeMarkdown(c.zone) << " | " << details << " |\n";
    }
  } else if (plan.held_back.empty()) {
    out << "No changes.\n";
  }
  for (const auto& h : plan.held_back) out << "\n> **held back:** " << EscapeMarkdown(h) << "\n";
  for (const auto& e : plan.errors) out << "\n> **error:** " << EscapeMarkdown(e) << "\n";
}

}  // namespace

std::string PlanSummary(const Plan& plan) {
  std::ostringstream out;
  out << "Plan: " << plan.Count(ChangeType::kCreate) << " to create, " << plan.Count(ChangeType::kUpdate)
      << " to update, " << plan.Count(ChangeType::kReplace) << " to replace, " << plan.Count(ChangeType::kDelete)
      << " to delete, " << plan.Count(ChangeType::kAdopt) << " to adopt, "
      << plan.Count(ChangeType::kAdoptAndUpdate) << " to adopt and update, "
      << plan.Count(ChangeType::kAdoptAndReplace) << " to adopt and replace, " << plan.Count(ChangeType::kForget)
      << " to forget, " << plan.held_back.size() << " held back, " << plan.Count(ChangeType::kConflict)
      << " conflict(s), " << plan.Count(ChangeType::kNoOp) << " unchanged.";
  if (!plan.errors.empty()) out << " " << plan.errors.size() << " error(s).";
  return out.str();
}

void WritePlan(const Plan& plan, PlanFormat format, const TerminalStyle& style, std::ostream& out) {
  switch (format) {
    case PlanFormat::kJson: WritePlanJson(plan, out); return;
    case PlanFormat::kMarkdown: WriteMarkdown(plan, out); return;
    case PlanFormat::kText: WriteText(plan, style, out); return;
  }
}

std::string RenderPlan(const Plan& plan, PlanFormat format, const TerminalStyle& style) {
  std::ostringstream out;
  WritePlan(plan, format, style, out);
  return out.str();
}

}  // namespace edgecert::reconcile
