// `edgecert plan DIR [--output text|json|markdown] [--detailed-exitcode] [--out FILE]`: what apply would
// do, read-only (only GET requests; a read-only token is enough). Exit 0, or with --detailed-exitcode 0
// when nothing is pending and 2 when anything is (held-back deletions and conflicts included); 1 on any
// error. --out saves the plan for `apply FILE`.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <iostream>
#include <memory>
#include <string>

#include "daemon/duration_flag.h"
#include "daemon/usage_error.h"
#include "daemon/command_wiring.h"
#include "daemon/color_flag.h"
#include "daemon/commands.h"
#include "daemon/deletion_approval.h"
#include "common/duration.h"
#include "online/online_checks.h"
#include "reconcile/plan_renderer.h"
#include "reconcile/planner.h"
#include "reconcile/saved_plan.h"

namespace edgecert::daemon {

namespace {

// Packs the plan would order that a zone's quota cannot hold: warned on stderr (stdout stays the plan).
void WarnAboutPackQuota(const reconcile::Plan& plan, CommandWiring& w) {
  const bool orders = std::any_of(plan.changes.begin(), plan.changes.end(), [](const reconcile::PlannedChange& c) {
    return c.kind == manifests::Kind::kCertificatePack &&
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
    std::string deletion_window = "1h";
    bool allow_empty = false;
    std::string out;
    std::string color = "auto";
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("DIR", f->dir, "Directory of manifests")->required();
  cmd->add_option("-o,--output", f->output, "Output format")->check(CLI::IsMember({"text", "json", "markdown"}));
  cmd->add_flag("--detailed-exitcode", f->detailed_exitcode, "Exit 0 when nothing changes, 2 when something does");
  cmd->add_option("--max-deletions", f->max_deletions,
                  "Past this many deletions within --deletion-window none is made until approved (default 10)");
  cmd->add_option("--deletion-window", f->deletion_window, "The sliding window --max-deletions counts in (default 1h)")
      ->check(DurationValidator());
  cmd->add_flag("--allow-empty", f->allow_empty, "Let an empty manifest set prune every owned object");
  cmd->add_option("--out", f->out, "Save the plan to FILE; `edgecert apply FILE` carries out exactly it");
  AddColorFlag(*cmd, f->color);
  AddCommonFlags(*cmd, f->common);
  cmd->callback([f, &exit_code] {
    auto window = ParseDuration(f->deletion_window);
    if (!window || *window < std::chrono::seconds(1)) {
      std::cerr << "edgecert plan: --deletion-window takes a duration like 30m, 1h or 1d\n";
      exit_code = kUsageExitCode;
      return;
    }
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
    // The same stop apply makes: deletions already made within the window count, and a waiting
    // operator approval (edgecert approve-deletions) lets them through. Wall time: the deletions are
    // records of earlier processes (inventory), see controller_prune.cc.
    options.prune.window = std::chrono::duration_cast<std::chrono::seconds>(*window);
    options.prune.deleted_in_window =
        (*wiring)->inventory().DeletionsSince((*wiring)->clock().Now() - options.prune.window);
    options.prune.approved = std::filesystem::exists(DeletionApproval((*wiring)->state_dir()).file());
    reconcile::Plan plan = reconcile::Planner((*wiring)->reconcilers()).Make(ctx, options);
    const reconcile::PlanFormat format = f->output == "json"       ? reconcile::PlanFormat::kJson
                                         : f->output == "markdown" ? reconcile::PlanFormat::kMarkdown
                                                                   : reconcile::PlanFormat::kText;
    reconcile::WritePlan(plan, format, StyleFor(f->color, STDOUT_FILENO), std::cout);
    if (!f->out.empty() && plan.errors.empty()) {
      std::error_code ec;
      const std::filesystem::path dir = std::filesystem::absolute(f->dir, ec);
      const reconcile::SavedPlanHeader header{dir.lexically_normal().string(), (*wiring)->desired()->hash(),
                                              reconcile::PlanFingerprint(plan), options.prune};
      std::ofstream file(f->out, std::ios::binary | std::ios::trunc);
      file << reconcile::SerializeSavedPlan(header, plan);
      file.close();
      if (!file) {
        std::cerr << "edgecert plan: cannot write the plan to " << f->out << "\n";
        exit_code = 1;
        return;
      }
      std::cerr << "Plan saved to " << f->out << "; `edgecert apply " << f->out << "` carries out exactly it.\n";
    } else if (!f->out.empty()) {
      std::cerr << "edgecert plan: the plan has errors; not saved to " << f->out << "\n";
    }
    WarnAboutPackQuota(plan, **wiring);
    if (!plan.errors.empty()) {
      exit_code = 1;
    } else if (f->detailed_exitcode && plan.Pending()) {
      exit_code = 2;
    } else {
      exit_code = 0;
    }
  });
}

}  // namespace edgecert::daemon
