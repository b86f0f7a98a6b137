// `edgecert apply DIR|PLANFILE [--wait] [--timeout D] [--max-deletions N] [--deletion-window D]
// [--approve-deletions] [--allow-empty] [--output text|json]`: shows the plan, then carries it out: the
// Controller run until settled (a saved plan only when the manifests and the remote state still give
// exactly that plan); with --wait it follows every object until it is ready (or the timeout), printing
// each status change and the validation records an operator must create. Exits 1 with a summary of what
// failed and why, 3 when everything else was done but the prune guard held deletions back.
#include <unistd.h>

#include <charconv>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>

#include "common/duration.h"
#include "daemon/apply_report.h"
#include "daemon/color_flag.h"
#include "daemon/command_wiring.h"
#include "daemon/commands.h"
#include "daemon/deletion_approval.h"
#include "daemon/duration_flag.h"
#include "daemon/usage_error.h"
#include "dcv/cloudflare_dns_publisher.h"
#include "dcv/dcv_records.h"
#include "dcv/records_directory.h"
#include "reconcile/apply_run.h"
#include "reconcile/plan_renderer.h"
#include "reconcile/planner.h"
#include "reconcile/saved_plan.h"

namespace edgecert::daemon {
namespace {

// Status-change lines scroll; on a terminal one live line below them says what --wait still waits for.
class ConsoleReporter {
 public:
  explicit ConsoleReporter(bool live) : live_(live) {}

  void Line(std::string_view line) {
    std::lock_guard lock(mu_);
    ClearLocked();
    std::cout << line << std::endl;
  }

  void Progress(const reconcile::ApplyProgress& p) {
    if (!live_) return;
    std::lock_guard lock(mu_);
    std::string text = "waiting: " + std::to_string(p.finished) + "/" + std::to_string(p.total) + " done";
    for (std::size_t i = 0; i < p.waiting.size(); ++i) text += (i == 0 ? "; " : ", ") + p.waiting[i];
    const std::size_t rest = p.total - p.finished;
    if (rest > p.waiting.size()) text += " and " + std::to_string(rest - p.waiting.size()) + " more";
    text += "; next check in " + std::to_string(std::chrono::ceil<std::chrono::seconds>(p.next_check).count()) + "s";
    std::cout << "\r\033[K" << text << std::flush;
    showing_ = true;
  }

  void ClearProgress() {
    std::lock_guard lock(mu_);
    ClearLocked();
  }

 private:
  void ClearLocked() {
    if (showing_) std::cout << "\r\033[K" << std::flush;
    showing_ = false;
  }

  const bool live_;
  std::mutex mu_;         // lines come from the controller's worker, progress from the waiting thread
  bool showing_ = false;  // guarded by mu_
};

// --dns-records-out: the records directory follows the status board at every status change; so do the
// TXT records published in Cloudflare DNS for objects with validationRecords.publish: CloudflareDNS.
class DnsRecordsSync {
 public:
  DnsRecordsSync(const std::string& dir, CommandWiring& w)
      : w_(w), status_(w.status()), publisher_(w.client(), w.scopes(), w.logger()) {
    if (!dir.empty()) directory_.emplace(dir);
  }

  // Called from the controller's worker (lines) and the waiting thread (progress).
  void Sync() {
    std::lock_guard<std::mutex> lock(mu_);
    if (directory_)
      Report("--dns-records-out", directory_->Sync(dcv::StatusesWithPendingRecords(status_)), last_error_);
    if (w_.desired()) Report("validationRecords", publisher_.Sync(*w_.desired(), status_), last_publish_error_);
  }

 private:
  static void Report(const char* what, const Status& s, std::string& last) {
    if (!s.ok() && s.message() != last) std::cerr << "edgecert apply: " << what << ": " << s.message() << "\n";
    last = s.ok() ? "" : s.message();
  }

  CommandWiring& w_;
  const reconcile::ObjectStatusBoard& status_;
  std::mutex mu_;  // serializes Sync
  dcv::CloudflareDnsPublisher publisher_;
  std::optional<dcv::DnsRecordsDirectory> directory_;
  std::string last_error_;
  std::string last_publish_error_;
};

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
    std::string deletion_window = "1h";
    bool approve_deletions = false;
    bool allow_empty = false;
    std::string output = "text";
    std::string dns_records_out;
    std::string color = "auto";
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("DIR", f->dir, "Directory of manifests, or a plan saved by `plan --out FILE`")->required();
  cmd->add_flag("--wait", f->wait, "Follow every object until it is ready (pack active, ...) or the timeout");
  cmd->add_option("--timeout", f->timeout, "How long --wait follows objects: 90s, 30m, 2h (default 30m)")
      ->check(DurationValidator());
  cmd->add_option("--poll", f->poll, "How often --wait looks at pending work (default 30s)")
      ->check(DurationValidator());
  cmd->add_option("--max-deletions", f->max_deletions,
                  "Past this many deletions within --deletion-window none is made until approved (default 10)");
  cmd->add_option("--deletion-window", f->deletion_window, "The sliding window --max-deletions counts in (default 1h)")
      ->check(DurationValidator());
  cmd->add_flag("--approve-deletions", f->approve_deletions,
                "Approve, for this run, deletions past --max-deletions (see also edgecert approve-deletions)");
  cmd->add_flag("--allow-empty", f->allow_empty, "Let an empty manifest set prune every owned object");
  cmd->add_option("-o,--output", f->output,
                  "text, or json: one object on stdout with the plan, the outcome and every object's status "
                  "and validation records (progress goes to stderr)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--dns-records-out", f->dns_records_out,
                  "Keep DIR equal to the pending TXT/CNAME validation records (external-dns DNSEndpoints, zone files)");
  AddColorFlag(*cmd, f->color);
  AddCommonFlags(*cmd, f->common);
  cmd->callback([f, &exit_code] {
    auto window = ParseDuration(f->deletion_window);
    if (!window || *window < std::chrono::seconds(1)) {
      std::cerr << "edgecert apply: --deletion-window takes a duration like 30m, 1h or 1d\n";
      exit_code = kUsageExitCode;
      return;
    }
    auto timeout = ParseDuration(f->timeout);
    auto poll = ParseDuration(f->poll);
    if (!timeout || !poll || *poll < std::chrono::seconds(1)) {
      std::cerr << "edgecert apply: --timeout and --poll take a duration like 90s, 30m or 2h\n";
      exit_code = kUsageExitCode;
      return;
    }
    std::optional<reconcile::SavedPlanHeader> saved;
    if (std::filesystem::is_regular_file(f->dir)) {
      std::ifstream in(f->dir, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      auto header = reconcile::ParseSavedPlan(text.str());
      if (!header.ok()) {
        std::cerr << "edgecert apply: " << f->dir << ": " << header.status().message() << "\n";
        exit_code = 1;
        return;
      }
      saved = *header;
    }
    WiringOptions wiring_options;
    wiring_options.writer_command = "edgecert apply " + f->dir;
    wiring_options.instance = CommandWiring::DefaultInstance();
    wiring_options.lead_now = true;  // with etcd state: lead at once, or fail naming the leader
    auto wiring = CommandWiring::Create(f->common, saved ? saved->manifest_dir : f->dir, std::cerr, wiring_options);
    if (!wiring.ok()) {
      std::cerr << "edgecert apply: " << wiring.status().message() << "\n";
      exit_code = 1;
      return;
    }
    CommandWiring& w = **wiring;
    // With etcd state, the lease is renewed for as long as apply runs, and revoked at the end.
    std::mutex renew_mu;
    std::condition_variable_any renew_wake;
    std::jthread renewer;
    if (reconcile::EtcdElection* election = w.election()) {
      renewer = std::jthread([election, &renew_mu, &renew_wake](std::stop_token stop) {
        std::unique_lock lock(renew_mu);
        while (true) {
          renew_wake.wait_for(lock, stop, std::chrono::seconds(2), [] { return false; });
          if (stop.stop_requested()) break;
          lock.unlock();
          (void)election->Step();  // a failed renewal closes the write gate at the renew deadline
          lock.lock();
        }
        (void)election->Resign();
      });
    }
    w.options().pending_poll = std::chrono::duration_cast<std::chrono::seconds>(*poll);
    auto ctx = w.Context();
    reconcile::PlanOptions plan_options;
    plan_options.prune = {f->max_deletions, f->allow_empty};
    if (saved) {  // the guard's limits the plan was made with
      plan_options.prune.max_deletions = saved->prune.max_deletions;
      plan_options.prune.allow_empty = saved->prune.allow_empty;
    }
    plan_options.prune.window = std::chrono::duration_cast<std::chrono::seconds>(*window);
    // Wall time: the deletions are records of earlier processes (inventory), see controller_prune.cc.
    plan_options.prune.deleted_in_window = w.inventory().DeletionsSince(w.clock().Now() - plan_options.prune.window);
    const DeletionApproval approval(w.state_dir());
    plan_options.prune.approved = f->approve_deletions || std::filesystem::exists(approval.file());
    reconcile::Plan plan = reconcile::Planner(w.reconcilers()).Make(ctx, plan_options);
    if (saved) {
      // Terraform's stale-plan rule: the saved plan is carried out only while it is still the plan.
      Status current = reconcile::CheckSavedPlan(*saved, w.desired()->hash(), plan);
      if (!current.ok()) {
        std::cerr << "edgecert apply: saved plan " << f->dir << " is stale: " << current.message() << "\n";
        exit_code = 1;
        return;
      }
    }
    const bool json = f->output == "json";
    std::ostream& human = json ? std::cerr : std::cout;  // with --output json stdout carries only the JSON
    human << reconcile::RenderPlan(plan, reconcile::PlanFormat::kText,
                                   StyleFor(f->color, json ? STDERR_FILENO : STDOUT_FILENO))
          << std::flush;

    reconcile::ApplyOptions options;
    options.mode = f->wait ? reconcile::RunMode::kWait : reconcile::RunMode::kOnce;
    options.timeout = *timeout;
    options.prune = plan_options.prune;
    options.take_deletion_approval = [f, approval] { return f->approve_deletions || approval.Take(); };
    w.actual().Clear();
    ConsoleReporter console(!json && f->wait && ::isatty(STDOUT_FILENO) == 1);
    DnsRecordsSync dns(f->dns_records_out, w);
    options.progress = [&console, &dns](const reconcile::ApplyProgress& p) {
      dns.Sync();
      console.Progress(p);
    };
    reconcile::ApplyRun run(w.reconcilers(), [&console, &dns, json](std::string_view line) {
      dns.Sync();
      if (json) {
        std::cerr << line << std::endl;
      } else {
        console.Line(line);
      }
    });
    reconcile::ApplyOutcome outcome = run.Run(ctx, options);
    dns.Sync();
    console.ClearProgress();
    if (json) {
      std::cout << ApplyReportToJson(plan, outcome, w.status().All()) << std::flush;
      exit_code = !outcome.ok() ? 1 : !outcome.held_back.empty() ? 3 : 0;
      return;
    }

    const TerminalStyle style = StyleFor(f->color, STDOUT_FILENO);
    if (outcome.ok() && !outcome.held_back.empty()) {
      std::cout << style.Yellow("Apply done, but " + std::to_string(outcome.held_back.size()) +
                                " deletion(s) held back by the prune guard (exit 3):")
                << "\n";
      for (const auto& why : outcome.held_back) std::cout << "  " << why << "\n";
      exit_code = 3;
      return;
    }
    if (outcome.ok()) {
      std::cout << style.Green("Apply complete: " + std::to_string(outcome.reconciles) + " reconcile steps" +
                               (f->wait ? ", every object ready" : "") + ".")
                << "\n";
      exit_code = 0;
      return;
    }
    std::cout << style.Red("Apply failed:") << "\n";
    for (const auto& why : outcome.failed) std::cout << "  " << why << "\n";
    for (const auto& why : outcome.not_ready) std::cout << "  " << why << "\n";
    exit_code = 1;
  });
}

}  // namespace edgecert::daemon
