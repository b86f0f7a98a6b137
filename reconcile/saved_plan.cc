#include "reconcile/saved_plan.h"

#include <cpprest/json.h>

#include "manifests/canonical_form.h"
#include "reconcile/plan_renderer.h"

namespace edgecert::reconcile {
namespace {

using web::json::value;

// Length-prefixed, so no value can be mistaken for a separator.
void Put(std::string& out, const std::string& s) { out += std::to_string(s.size()) + ":" + s + ";"; }

}  // namespace

std::string PlanFingerprint(const Plan& plan) {
  std::string canonical;
  for (const auto& c : plan.changes) {
    Put(canonical, std::string(ChangeTypeName(c.type)));
    Put(canonical, std::string(manifests::KindName(c.kind)));  // the name, as plans were always fingerprinted
    Put(canonical, c.name);
    Put(canonical, c.zone);
    Put(canonical, c.remote_id);
    Put(canonical, c.reason);
    for (const auto& f : c.fields) {
      Put(canonical, f.field);
      Put(canonical, f.before);
      Put(canonical, f.after);
    }
    canonical += "\n";
  }
  for (const auto& h : plan.held_back) Put(canonical, "held back " + h);
  for (const auto& e : plan.errors) Put(canonical, "error " + e);
  return manifests::Sha256Hex(canonical);
}

std::string SerializeSavedPlan(const SavedPlanHeader& header, const Plan& plan) {
  value root = value::object(true);
  root["format_version"] = value::number(kSavedPlanFormatVersion);
  root["manifest_dir"] = value::string(header.manifest_dir);
  root["desired_hash"] = value::string(header.desired_hash);
  root["fingerprint"] = value::string(header.fingerprint);
  value prune = value::object(true);
  prune["max_deletions"] = value::number(static_cast<uint64_t>(header.prune.max_deletions));
  prune["allow_empty"] = value::boolean(header.prune.allow_empty);
  root["prune"] = prune;
  root["plan"] = value::parse(RenderPlan(plan, PlanFormat::kJson));
  return root.serialize() + "\n";
}

Result<SavedPlanHeader> ParseSavedPlan(const std::string& text) {
  value root;
  try {
    root = value::parse(text);
  } catch (const web::json::json_exception& e) {
    return InvalidArgument(std::string("not a saved plan (not JSON: ") + e.what() + ")");
  }
  if (!root.is_object() || !root.has_field("format_version") || !root.at("format_version").is_integer()) {
    return InvalidArgument("not a saved plan (no \"format_version\")");
  }
  if (root.at("format_version").as_integer() != kSavedPlanFormatVersion) {
    return InvalidArgument("a saved plan of format version " + std::to_string(root.at("format_version").as_integer()) +
                           "; this edgecert reads version " + std::to_string(kSavedPlanFormatVersion));
  }
  SavedPlanHeader header;
  for (auto [name, field] :
       {std::pair{"manifest_dir", &header.manifest_dir}, std::pair{"desired_hash", &header.desired_hash},
        std::pair{"fingerprint", &header.fingerprint}}) {
    if (!root.has_field(name) || !root.at(name).is_string() || root.at(name).as_string().empty()) {
      return InvalidArgument(std::string("saved plan: \"") + name + "\" is missing or not a string");
    }
    *field = root.at(name).as_string();
  }
  if (!root.has_field("prune") || !root.at("prune").is_object()) return InvalidArgument("saved plan: no \"prune\"");
  const value& prune = root.at("prune");
  if (!prune.has_field("max_deletions") || !prune.at("max_deletions").is_integer() || !prune.has_field("allow_empty") ||
      !prune.at("allow_empty").is_boolean()) {
    return InvalidArgument("saved plan: \"prune\" needs max_deletions (integer) and allow_empty (boolean)");
  }
  header.prune.max_deletions = static_cast<std::size_t>(prune.at("max_deletions").as_number().to_uint64());
  header.prune.allow_empty = prune.at("allow_empty").as_bool();
  return header;
}

Status CheckSavedPlan(const SavedPlanHeader& saved, const std::string& desired_hash, const Plan& now) {
  if (desired_hash != saved.desired_hash) {
    return FailedPrecondition("the manifests in " + saved.manifest_dir +
                              " changed since the plan was saved (snapshot sha256:" + saved.desired_hash +
                              ", now sha256:" + desired_hash + "); nothing was applied: run plan again");
  }
  if (PlanFingerprint(now) != saved.fingerprint) {
    return FailedPrecondition(
        "the remote state or the inventory changed since the plan was saved: planning again gives a different "
        "plan; nothing was applied: run plan again");
  }
  return Status::Ok();
}

}  // namespace edgecert::reconcile
