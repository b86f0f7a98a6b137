// `edgecert plan DIR [--output text|json|markdown] [--detailed-exitcode]`: what apply would do, read-only
// (only GET requests; a read-only token is enough). Exit 0, or with --detailed-exitcode 0 when nothing
// would change and 2 when something would; 1 on any error.
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>

#include "daemon/command_wiring.h"
#include "daemon/commands.h"
#include "online/online_checks.h"
#include "reconcile/plan_renderer.h"
#include "reconcile/planner.h"

namespace edgecert::daemon {

namespace {

// Packs the plan would order that a zone's quota cannot hold: warned on stderr (stdout stays the plan).
void WarnAboutPackQuota(const reconcile::Plan& plan, CommandWiring& w) {
  const bool orders = std::any_of(plan.changes.begin(), plan.changes.end(), [](const reconcile::PlannedChange& c) {
    return c.kind == "CertificatePack" &&
           (c.type == reconcile::ChangeType::kCreate || c.type == reconcile::ChangeType::kReplace);
  });
  if (!orders || !w.desired()) return;
  for (const auto& finding : online::CheckPackQuota(w.client(), *w.desired())) {
    if (finding.severity == online::Finding::Severity::kError) {
      std::cerr << "Warning: " << finding.object << ": " << finding.message << "\n";
    }
  }
}

}  // namespace

void RegisterPlanCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("plan", "Show what apply would change (read-only)");
  struct Flags {
    CommonFlags common;
    std::string dir;
    std::string output = "text";
    bool detailed_exitcode = false;
    std::size_t max_deletions = 10;
    bool allow_empty = false;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("DIR", f->dir, "Directory of manifests")->required();
  cmd->add_option("-o,--output", f->output, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_flag("--detailed-exitcode", f->detailed_exitcode, "Exit 0 when nothing changes, 2 when something does");
  cmd->add_option("--max-deletions", f->max_deletions, "Deletions allowed in one pass (default 10)");
  cmd->add_flag("--allow-empty", f->allow_empty, "Let an empty manifest set prune every owned object");
  AddCommonFlags(*cmd, f->common);
  cmd->callback([f, &exit_code] {
    auto wiring = CommandWiring::Create(f->common, f->dir, std::cerr);
    if (!wiring.ok()) {
      std::cerr << "edgecert plan: " << wiring.status().message() << "\n";
      exit_code = 1;
      return;
    }
    auto ctx = (*wiring)->Context();
    reconcile::PlanOptions options;
    options.prune.max_deletions = f->max_deletions;
    options.prune.allow_empty = f->allow_empty;
    reconcile::Plan plan = reconcile::Planner((*wiring)->reconcilers()).Make(ctx, options);
    const reconcile::PlanFormat format = f->output == "json"       ? reconcile::PlanFormat::kJson
                                         : f->output == "markdown" ? reconcile::PlanFormat::kMarkdown
                                                                   : reconcile::PlanFormat::kText;
    std::cout << reconcile::RenderPlan(plan, format);
    WarnAboutPackQuota(plan, **wiring);
    if (!plan.errors.empty()) {
      exit_code = 1;
    } else if (f->detailed_exitcode && plan.HasChanges()) {
      exit_code = 2;
    } else {
      exit_code = 0;
    }
  });
}

}  // namespace edgecert::daemon
