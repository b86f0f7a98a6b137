#include "daemon/apply_report.h"

#include <cpprest/json.h>

#include "daemon/status_report.h"
#include "reconcile/plan_renderer.h"

namespace edgecert::daemon {
namespace {

using web::json::value;

value Strings(const std::vector<std::string>& in) {
  std::vector<value> out;
  for (const auto& s : in) out.push_back(value::string(s));
  return value::array(std::move(out));
}

}  // namespace

std::string ApplyReportToJson(const reconcile::Plan& plan, const reconcile::ApplyOutcome& outcome,
                              const std::vector<reconcile::ObjectStatus>& objects) {
  value root = value::object(true);
  root["format_version"] = value::number(kApplyJsonFormatVersion);
  root["ok"] = value::boolean(outcome.ok());
  root["plan"] = value::parse(reconcile::RenderPlan(plan, reconcile::PlanFormat::kJson));
  value result = value::object(true);
  result["failed"] = Strings(outcome.failed);
  result["not_ready"] = Strings(outcome.not_ready);
  result["held_back"] = Strings(outcome.held_back);
  result["orphaned"] = Strings(outcome.orphaned);
  result["reconciles"] = value::number(static_cast<uint64_t>(outcome.reconciles));
  root["outcome"] = std::move(result);
  StatusReport report;
  report.objects = objects;
  const value status = value::parse(StatusReportToJson(report));
  root["summary"] = status.at("summary");
  root["objects"] = status.at("objects");
  return root.serialize() + "\n";
}

}  // namespace edgecert::daemon
