#include "reconcile/plan_json.h"

#include <algorithm>
#include <cstdint>

#include "common/json_string.h"

namespace edgecert::reconcile {
namespace {

// Every change type but kNoOp, in the order the summary names them.
constexpr ChangeType kCounted[] = {ChangeType::kCreate,          ChangeType::kUpdate, ChangeType::kReplace,
                                   ChangeType::kDelete,          ChangeType::kAdopt,  ChangeType::kAdoptAndUpdate,
                                   ChangeType::kAdoptAndReplace, ChangeType::kForget, ChangeType::kConflict};

void Key(std::string& out, std::string_view key) {
  AppendJsonString(out, key);
  out += ':';
}

void StringOrNull(std::string& out, const std::string& text) {
  if (text.empty()) {
    out += "null";
  } else {
    AppendJsonString(out, text);
  }
}

// A field value: absent is null, host sets are arrays, integers numbers, true/false booleans.
void TypedValue(std::string& out, const std::string& field, const std::string& text) {
  if (text.empty()) {
    out += "null";
    return;
  }
  if (field == "hosts" || field == "hostnames") {
    out += '[';
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      if (start > 0) out += ',';
      AppendJsonString(out, std::string_view(text).substr(start, end - start));
      start = end + 1;
    }
    out += ']';
    return;
  }
  if (text == "true" || text == "false") {
    out += text;
    return;
  }
  if (text.size() < 10 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    out += std::to_string(std::stoi(text));  // "007" is the number 7
    return;
  }
  AppendJsonString(out, text);
}

void Change(std::string& out, const PlannedChange& c) {
  out += '{';
  Key(out, "action");
  AppendJsonString(out, ChangeTypeName(c.type));
  out += ',';
  Key(out, "kind");
  AppendJsonString(out, manifests::KindName(c.kind));
  out += ',';
  Key(out, "name");
  AppendJsonString(out, c.name);
  out += ',';
  Key(out, "zone");
  StringOrNull(out, c.zone);
  out += ',';
  Key(out, "remote_id");
  StringOrNull(out, c.remote_id);
  out += ',';
  Key(out, "reason");
  AppendJsonString(out, c.reason);
  out += ',';
  Key(out, "fields");
  out += '[';
  for (std::size_t i = 0; i < c.fields.size(); ++i) {
    const FieldChange& f = c.fields[i];
    if (i > 0) out += ',';
    out += '{';
    Key(out, "field");
    AppendJsonString(out, f.field);
    out += ',';
    Key(out, "before");
    TypedValue(out, f.field, f.before);
    out += ',';
    Key(out, "after");
    TypedValue(out, f.field, f.after);
    out += '}';
  }
  out += "]}";
}

void Strings(std::string& out, const std::vector<std::string>& list) {
  out += '[';
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, list[i]);
  }
  out += ']';
}

void Count(std::string& out, std::string_view name, std::uint64_t count) {
  out += ',';
  Key(out, name);
  out += std::to_string(count);
}

}  // namespace

void WritePlanJson(const Plan& plan, std::ostream& out) {
  std::string buffer;  // one change at a time, reused
  buffer += '{';
  Key(buffer, "format_version");
  buffer += std::to_string(kPlanJsonFormatVersion);
  buffer += ',';
  Key(buffer, "changes");
  buffer += '[';
  for (std::size_t i = 0; i < plan.changes.size(); ++i) {
    if (i > 0) buffer += ',';
    Change(buffer, plan.changes[i]);
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    buffer.clear();
  }
  buffer += "],";
  Key(buffer, "held_back");
  Strings(buffer, plan.held_back);
  buffer += ',';
  Key(buffer, "errors");
  Strings(buffer, plan.errors);
  buffer += ',';
  Key(buffer, "summary");
  buffer += '{';
  bool first = true;
  for (ChangeType t : kCounted) {
    if (!first) buffer += ',';
    first = false;
    Key(buffer, ChangeTypeName(t));
    buffer += std::to_string(plan.Count(t));
  }
  Count(buffer, "held_back", plan.held_back.size());
  Count(buffer, "no-op", plan.Count(ChangeType::kNoOp));
  Count(buffer, "errors", plan.errors.size());
  buffer += "},";
  Key(buffer, "has_changes");
  buffer += plan.HasChanges() ? "true" : "false";
  buffer += ',';
  Key(buffer, "pending");
  buffer += plan.Pending() ? "true" : "false";
  buffer += "}\n";
  out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
}

}  // namespace edgecert::reconcile
