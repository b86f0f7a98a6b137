#include "reconcile/plan_renderer.h"

#include <cpprest/json.h>

#include <algorithm>
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

// Every change type but kNoOp, in the order the summary names them.
constexpr ChangeType kCounted[] = {ChangeType::kCreate,          ChangeType::kUpdate,         ChangeType::kReplace,
                                   ChangeType::kDelete,          ChangeType::kAdopt,          ChangeType::kAdoptAndUpdate,
                                   ChangeType::kAdoptAndReplace, ChangeType::kForget,         ChangeType::kConflict};

// A field value as JSON: absent is null, host sets are arrays, integers numbers, true/false booleans.
web::json::value TypedValue(const std::string& field, const std::string& text) {
  using web::json::value;
  if (text.empty()) return value::null();
  if (field == "hosts" || field == "hostnames") {
    value list = value::array();
    std::size_t i = 0;
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      list[i++] = value::string(text.substr(start, end - start));
      start = end + 1;
    }
    return list;
  }
  if (text == "true" || text == "false") return value::boolean(text == "true");
  if (text.size() < 10 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return value::number(std::stoi(text));
  }
  return value::string(text);
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

std::string RenderText(const Plan& plan, const TerminalStyle& style) {
  std::ostringstream out;
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
  return out.str();
}

std::string RenderJson(const Plan& plan) {
  using web::json::value;
  value root = value::object(true);
  root["format_version"] = value::number(kPlanJsonFormatVersion);
  value changes = value::array();
  std::size_t i = 0;
  for (const auto& c : plan.changes) {
    value v = value::object(true);
    v["action"] = value::string(std::string(ChangeTypeName(c.type)));
    v["kind"] = value::string(std::string(manifests::KindName(c.kind)));
    v["name"] = value::string(c.name);
    v["zone"] = c.zone.empty() ? value::null() : value::string(c.zone);
    v["remote_id"] = c.remote_id.empty() ? value::null() : value::string(c.remote_id);
    v["reason"] = value::string(c.reason);
    value fields = value::array();
    std::size_t j = 0;
    for (const auto& f : c.fields) {
      value fv = value::object(true);
      fv["field"] = value::string(f.field);
      fv["before"] = TypedValue(f.field, f.before);
      fv["after"] = TypedValue(f.field, f.after);
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
  value summary = value::object(true);
  for (ChangeType t : kCounted) {
    summary[std::string(ChangeTypeName(t))] = value::number(static_cast<uint64_t>(plan.Count(t)));
  }
  summary["held_back"] = value::number(static_cast<uint64_t>(plan.held_back.size()));
  summary["no-op"] = value::number(static_cast<uint64_t>(plan.Count(ChangeType::kNoOp)));
  summary["errors"] = value::number(static_cast<uint64_t>(plan.errors.size()));
  root["summary"] = summary;
  root["has_changes"] = value::boolean(plan.HasChanges());
  root["pending"] = value::boolean(plan.Pending());
  return root.serialize() + "\n";
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

std::string RenderPlan(const Plan& plan, PlanFormat format, const TerminalStyle& style) {
  switch (format) {
    case PlanFormat::kJson: return RenderJson(plan);
    case PlanFormat::kMarkdown: return RenderMarkdown(plan);
    case PlanFormat::kText: break;
  }
  return RenderText(plan, style);
}

}  // namespace edgecert::reconcile
