// `edgecert apply DIR [--wait] [--timeout D] [--max-deletions N] [--allow-empty]`: shows the plan, then
// carries it out in one pass; with --wait it follows every object until it is ready (or the timeout),
// printing each status change and the validation records an operator must create. Exits 1 with a summary
// of what failed and why.
#include <charconv>
#include <iostream>
#include <memory>
#include <string>

#include "daemon/command_wiring.h"
#include "daemon/commands.h"
#include "reconcile/apply_loop.h"
#include "reconcile/plan_renderer.h"
#include "reconcile/planner.h"

namespace edgecert::daemon {
namespace {

// "90", "90s", "30m", "2h" -> seconds; nullopt when malformed.
std::optional<std::chrono::seconds> ParseDuration(const std::string& text) {
  long long n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n < 0) return std::nullopt;
  std::string unit(end, text.data() + text.size());
  if (unit.empty() || unit == "s") return std::chrono::seconds(n);
  if (unit == "m") return std::chrono::seconds(n * 60);
  if (unit == "h") return std::chrono::seconds(n * 3600);
  return std::nullopt;
}

}  // namespace

void RegisterApplyCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("apply", "Converge the remote state to the manifests");
  struct Flags {
    CommonFlags common;
    std::string dir;
    bool wait = false;
    std::string timeout = "30m";
    std::string poll = "30s";
    std::size_t max_deletions = 10;
    bool allow_empty = false;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("DIR", f->dir, "Directory of manifests")->required();
  cmd->add_flag("--wait", f->wait, "Follow every object until it is ready (pack active, ...) or the timeout");
  cmd->add_option("--timeout", f->timeout, "How long --wait follows objects: 90s, 30m, 2h (default 30m)");
  cmd->add_option("--poll", f->poll, "How often --wait looks at pending work (default 30s)");
  cmd->add_option("--max-deletions", f->max_deletions, "Deletions allowed in one pass (default 10)");
  cmd->add_flag("--allow-empty", f->allow_empty, "Let an empty manifest set prune every owned object");
  AddCommonFlags(*cmd, f->common);
  cmd->callback([f, &exit_code] {
    auto timeout = ParseDuration(f->timeout);
    auto poll = ParseDuration(f->poll);
    if (!timeout || !poll || poll->count() == 0) {
      std::cerr << "edgecert apply: --timeout and --poll take a duration like 90s, 30m or 2h\n";
      exit_code = 1;
      return;
    }
    auto wiring = CommandWiring::Create(f->common, f->dir, std::cerr);
    if (!wiring.ok()) {
      std::cerr << "edgecert apply: " << wiring.status().message() << "\n";
      exit_code = 1;
      return;
    }
    CommandWiring& w = **wiring;
    w.options().pending_poll = *poll;
    auto ctx = w.Context();
    reconcile::PlanOptions plan_options;
    plan_options.prune = {f->max_deletions, f->allow_empty};
    reconcile::Plan plan = reconcile::Planner(w.reconcilers()).Make(ctx, plan_options);
    std::cout << reconcile::RenderPlan(plan, reconcile::PlanFormat::kText) << std::flush;

    reconcile::ApplyOptions options;
    options.mode = f->wait ? reconcile::RunMode::kWait : reconcile::RunMode::kOnce;
    options.timeout = *timeout;
    options.prune = plan_options.prune;
    w.actual().Clear();
    reconcile::ApplyLoop loop(w.reconcilers(), [](std::string_view line) { std::cout << line << std::endl; });
    reconcile::ApplyOutcome outcome = loop.Run(ctx, options);

    if (outcome.ok()) {
      std::cout << "Apply complete: " << outcome.reconciles << " reconcile steps"
                << (f->wait ? ", every object ready" : "") << ".\n";
      exit_code = 0;
      return;
    }
    std::cout << "Apply failed:\n";
    for (const auto& why : outcome.failed) std::cout << "  " << why << "\n";
    for (const auto& why : outcome.not_ready) std::cout << "  " << why << "\n";
    exit_code = 1;
  });
}

}  // namespace edgecert::daemon
