#include "reconcile/plan_renderer.h"

#include <cpprest/json.h>

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
    case ChangeType::kNoOp: return " ";
  }
  return "?";
}

std::string Describe(const PlannedChange& c) {
  std::string out = c.kind + "/" + c.name;
  if (!c.zone.empty()) out += " (" + c.zone + ")";
  if (!c.remote_id.empty()) out += " [" + c.remote_id + "]";
  return out;
}

std::string ShowValue(const std::string& v) { return v.empty() ? "(absent)" : v; }

std::string RenderText(const Plan& plan) {
  std::ostringstream out;
  for (const auto& c : plan.changes) {
    if (c.type == ChangeType::kNoOp) continue;
    out << Symbol(c.type) << " " << ChangeTypeName(c.type) << " " << Describe(c);
    if (!c.reason.empty()) out << ": " << c.reason;
    out << "\n";
    for (const auto& f : c.fields) {
      out << "      " << f.field << ": " << ShowValue(f.before) << " -> " << ShowValue(f.after) << "\n";
    }
  }
  for (const auto& h : plan.held_back) out << "! held back: " << h << "\n";
  for (const auto& e : plan.errors) out << "! error: " << e << "\n";
  if (!plan.HasChanges() && plan.errors.empty()) out << "No changes. The remote state matches the manifests.\n";
  out << PlanSummary(plan) << "\n";
  return out.str();
}

std::string EscapeMarkdown(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|' || ch == '`') out += '\\';
    out += ch;
  }
  return out;
}

std::string RenderMarkdown(const Plan& plan) {
  std::ostringstream out;
  out << "### edgecert plan\n\n" << PlanSummary(plan) << "\n\n";
  if (plan.HasChanges()) {
    out << "| change | kind | name | zone | details |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& c : plan.changes) {
      if (c.type == ChangeType::kNoOp) continue;
      std::string details = EscapeMarkdown(c.reason);
      for (const auto& f : c.fields) {
        details += "<br>`" + EscapeMarkdown(f.field) + "`: " + EscapeMarkdown(ShowValue(f.before)) + " → " +
                   EscapeMarkdown(ShowValue(f.after));
      }
      out << "| " << Symbol(c.type) << " " << ChangeTypeName(c.type) << " | " << c.kind << " | "
          << EscapeMarkdown(c.name) << " | " << EscapeMarkdown(c.zone) << " | " << details << " |\n";
    }
  } else {
    out << "No changes.\n";
  }
  for (const auto& h : plan.held_back) out << "\n> **held back:** " << EscapeMarkdown(h) << "\n";
  for (const auto& e : plan.errors) out << "\n> **error:** " << EscapeMarkdown(e) << "\n";
  return out.str();
}

std::string RenderJson(const Plan& plan) {
  using web::json::value;
  value root = value::object();
  value changes = value::array();
  std::size_t i = 0;
  for (const auto& c : plan.changes) {
    value v = value::object();
    v["action"] = value::string(std::string(ChangeTypeName(c.type)));
    v["kind"] = value::string(c.kind);
    v["name"] = value::string(c.name);
    v["zone"] = value::string(c.zone);
    v["remote_id"] = c.remote_id.empty() ? value::null() : value::string(c.remote_id);
    v["reason"] = value::string(c.reason);
    value fields = value::array();
    std::size_t j = 0;
    for (const auto& f : c.fields) {
      value fv = value::object();
      fv["field"] = value::string(f.field);
      fv["before"] = value::string(f.before);
      fv["after"] = value::string(f.after);
      fields[j++] = fv;
    }
    v["fields"] = fields;
    changes[i++] = v;
  }
  root["changes"] = changes;
  auto strings = [](const std::vector<std::string>& in) {
    value a = value::array();
    for (std::size_t k = 0; k < in.size(); ++k) a[k] = value::string(in[k]);
    return a;
  };
  root["held_back"] = strings(plan.held_back);
  root["errors"] = strings(plan.errors);
  value summary = value::object();
  for (ChangeType t : {ChangeType::kCreate, ChangeType::kUpdate, ChangeType::kReplace, ChangeType::kDelete,
                       ChangeType::kAdopt, ChangeType::kNoOp}) {
    summary[std::string(ChangeTypeName(t))] = value::number(static_cast<uint64_t>(plan.Count(t)));
  }
  root["summary"] = summary;
  root["has_changes"] = value::boolean(plan.HasChanges());
  return root.serialize() + "\n";
}

}  // namespace

std::string PlanSummary(const Plan& plan) {
  std::ostringstream out;
  out << "Plan: " << plan.Count(ChangeType::kCreate) << " to create, " << plan.Count(ChangeType::kUpdate)
      << " to update, " << plan.Count(ChangeType::kReplace) << " to replace, " << plan.Count(ChangeType::kDelete)
      << " to delete, " << plan.Count(ChangeType::kAdopt) << " to adopt, " << plan.Count(ChangeType::kNoOp)
      << " unchanged.";
  if (!plan.held_back.empty()) out << " " << plan.held_back.size() << " deletion(s) held back.";
  if (!plan.errors.empty()) out << " " << plan.errors.size() << " error(s).";
  return out.str();
}

std::string RenderPlan(const Plan& plan, PlanFormat format) {
  switch (format) {
    case PlanFormat::kJson: return RenderJson(plan);
    case PlanFormat::kMarkdown: return RenderMarkdown(plan);
    case PlanFormat::kText: break;
  }
  return RenderText(plan);
}

}  // namespace edgecert::reconcile
