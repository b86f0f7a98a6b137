// `edgecert run DIR`: the long-running controller. Loads the manifests and keeps the account equal to
// them with the Controller; reloads on a change below DIR (inotify, debounced) and on SIGHUP (a load
// that fails keeps the last good desired state in force and is logged, counted and shown on /readyz and
// /status); serves /metrics /healthz /readyz /status on --listen; on SIGTERM/SIGINT stops taking work,
// lets reconciles in flight finish (bounded) and exits 0 with the inventory saved; a second signal
// exits at once.
#include <malloc.h>
#include <unistd.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>

#include "common/duration.h"
#include "daemon/duration_flag.h"
#include "daemon/usage_error.h"
#include "daemon/build_info.h"
#include "daemon/color_flag.h"
#include "daemon/command_wiring.h"
#include "daemon/commands.h"
#include "daemon/deletion_approval.h"
#include "daemon/leader_metrics.h"
#include "daemon/leader_terms.h"
#include "daemon/logging.h"
#include "daemon/manifest_watcher.h"
#include "daemon/metrics.h"
#include "daemon/ops_server.h"
#include "daemon/reload_backoff.h"
#include "daemon/signal_listener.h"
#include "daemon/status_report.h"
#include "daemon/systemd_notifier.h"
#include "daemon/token_file_watcher.h"
#include "dcv/dns_publisher_observer.h"
#include "dcv/records_directory.h"
#include "reconcile/controller.h"

namespace edgecert::daemon {
namespace {

std::chrono::system_clock::time_point Wall(Clock::TimePoint t) {
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(t);
}

struct RunFlags {
  CommonFlags common;
  LogFlags log;
  std::string dir;
  std::string listen = "127.0.0.1:9464";
  std::string resync = "10m";
  std::string poll = "10s";
  std::string drain = "25s";
  std::string debounce = "200ms";
  int workers = 4;
  std::size_t max_deletions = 10;
  std::string deletion_window = "1h";
  bool allow_empty = false;
  std::string instance;  // empty: HOSTNAME-PID
  std::string lease_duration = "15s";
  std::string renew_deadline = "10s";
  std::string retry_period = "2s";
  std::string dns_records_out;  // empty: no DCV records directory
  std::string token_file_interval = "10s";
  std::string color = "auto";
};

// What the signal and watcher threads ask of the main thread.
class Requests {
 public:
  enum class What { kReload, kStop };
  void Push(What what) {
    std::lock_guard lock(mu_);
    queue_.push_back(what);
    cv_.notify_one();
  }
  What Take() { return *TakeFor(std::nullopt); }
  // Waits at most `limit` (forever when nullopt); nullopt when nothing came in that time.
  std::optional<What> TakeFor(std::optional<std::chrono::milliseconds> limit) {
    std::unique_lock lock(mu_);
    if (!limit) {
      cv_.wait(lock, [this] { return !queue_.empty(); });
    } else if (!cv_.wait_for(lock, *limit, [this] { return !queue_.empty(); })) {
      return std::nullopt;
    }
    What what = queue_.front();
    queue_.pop_front();
    // Several reloads queued behind each other are one reload.
    while (what == What::kReload && !queue_.empty() && queue_.front() == What::kReload) queue_.pop_front();
    return what;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<What> queue_;  // guarded by mu_
};

// The outcome of the last manifest load, read by the ops handlers.
class LoadState {
 public:
  void Succeeded(Clock::TimePoint at) {
    std::lock_guard lock(mu_);
    error_.clear();
    loaded_at_ = at;
  }
  void Failed(std::string why) {
    std::lock_guard lock(mu_);
    error_ = std::move(why);
  }
  std::string error() const {
    std::lock_guard lock(mu_);
    return error_;
  }
  std::optional<Clock::TimePoint> loaded_at() const {
    std::lock_guard lock(mu_);
    return loaded_at_;
  }

 private:
  mutable std::mutex mu_;
  std::string error_;                          // guarded by mu_; empty after a good load
  std::optional<Clock::TimePoint> loaded_at_;  // guarded by mu_
};

// Feeds the controller's reports to the Prometheus metrics.
class MetricsObserver final : public reconcile::ControllerObserver {
 public:
  explicit MetricsObserver(DaemonMetrics& metrics) : metrics_(metrics) {}
  void OnReconciled(const reconcile::ReconcileEvent& e) override { metrics_.OnReconcile(e.key.kind, e.result, e.took); }
  void OnQueue(std::size_t waiting, std::size_t in_flight) override { metrics_.SetQueue(waiting, in_flight); }
  void OnSyncCompleted(Clock::TimePoint when) override {
    metrics_.OnSyncCompleted(Wall(when));
    // A pass over many objects leaves freed heap behind in every arena; hand it back to the system so a
    // settled daemon's RSS reflects what it holds, not its busiest moment.
    ::malloc_trim(0);
  }

 private:
  DaemonMetrics& metrics_;
};

std::string ReadyStatus(const manifests::DesiredState& desired) {
  return "reconciling " + std::to_string(desired.size()) + " objects";
}

manifests::ManifestLoad Load(CommandWiring& w, LeaderTerms& terms, DaemonMetrics& metrics, LoadState& state,
                             SystemdNotifier& notifier, spdlog::logger& log) {
  const Clock::TimePoint now = w.clock().Now();
  manifests::ManifestLoad load = w.Reload();
  metrics.OnManifestLoad(load.ok(), Wall(now));
  if (!load.ok()) {
    for (const auto& d : load.errors) log.error("manifest: {}", d.Format());
    state.Failed(std::to_string(load.errors.size()) + " manifest error(s)" +
                 (load.errors.empty() ? "" : ", first: " + load.errors.front().Format()));
    log.error("{} manifest error(s) in {}; the last good desired state stays in force{}", load.errors.size(),
              w.manifest_dir(), w.desired() ? "" : " (none yet: nothing is reconciled)");
    notifier.SetStatus(std::to_string(load.errors.size()) + " manifest error(s); " +
                       (w.desired() ? "the last good desired state stays in force" : "nothing is reconciled yet"));
    return load;
  }
  state.Succeeded(now);
  if (!terms.SetDesired(load.state)) log.info("manifests reloaded: unchanged");
  notifier.Ready(ReadyStatus(*load.state));
  return load;
}

int Run(const RunFlags& f) {
  // cpprest's pool runs dozens of threads; one malloc arena each would keep tens of MB of idle heap.
  ::mallopt(M_ARENA_MAX, 2);
  Requests requests;
  // First, before any thread exists: every thread started later inherits the blocked signals.
  bool stopping = false;  // only touched on the listener's thread
  auto signals = SignalListener::Start([&requests, &stopping](int sig) {
    if (sig == SIGHUP) {
      requests.Push(Requests::What::kReload);
      return;
    }
    if (stopping) {
      std::fputs("edgecert run: second signal: exiting at once\n", stderr);
      std::_Exit(1);
    }
    stopping = true;
    requests.Push(Requests::What::kStop);
  });
  if (!signals.ok()) {
    std::cerr << "edgecert run: " << signals.status().message() << "\n";
    return 1;
  }

  const auto resync = ParseDuration(f.resync);
  const auto poll = ParseDuration(f.poll);
  const auto drain = ParseDuration(f.drain);
  const auto debounce = ParseDuration(f.debounce);
  const auto window = ParseDuration(f.deletion_window);
  if (!window || *window < std::chrono::seconds(1)) {
    std::cerr << "edgecert run: --deletion-window takes a duration like 30m, 1h or 1d\n";
    return kUsageExitCode;
  }
  if (!resync || !poll || !drain || !debounce || resync->count() == 0 || poll->count() == 0) {
    std::cerr << "edgecert run: --resync, --poll, --drain-timeout and --watch-debounce take a duration like "
                 "500ms, 90s, 30m or 2h\n";
    return kUsageExitCode;
  }
  const auto token_file_interval = ParseDuration(f.token_file_interval);
  if (!token_file_interval || token_file_interval->count() == 0) {
    std::cerr << "edgecert run: --token-file-interval takes a duration like 500ms or 10s\n";
    return kUsageExitCode;
  }
  const auto lease = ParseDuration(f.lease_duration);
  const auto renew = ParseDuration(f.renew_deadline);
  const auto retry = ParseDuration(f.retry_period);
  if (!lease || !renew || !retry || *lease < std::chrono::seconds(2) || *renew >= *lease || *retry >= *renew ||
      retry->count() == 0) {
    std::cerr << "edgecert run: need --retry-period < --renew-deadline < --lease-duration (lease at least 2s, "
                 "whole seconds), e.g. 2s, 10s, 15s\n";
    return kUsageExitCode;
  }
  auto log_options = ToLogOptions(f.log);
  if (!log_options.ok()) {
    std::cerr << "edgecert run: " << log_options.status().message() << "\n";
    return 1;
  }
  log_options->color = StyleFor(f.color, STDERR_FILENO).enabled();
  auto logger = MakeLogger("edgecert", *log_options);
  logger->flush_on(spdlog::level::trace);  // one line per action, visible at once
  spdlog::set_default_logger(logger);

  // The watch is in place before the first load, so no edit falls between the two.
  auto watcher = ManifestWatcher::Start(f.dir, *debounce, [&requests] { requests.Push(Requests::What::kReload); });
  if (!watcher.ok()) {
    std::cerr << "edgecert run: watching " << f.dir << ": " << watcher.status().message() << "\n";
    return 1;
  }

  DaemonMetrics metrics(CurrentBuild());
  WiringOptions wiring_options;
  wiring_options.allow_failed_load = true;
  wiring_options.writer_command = "edgecert run " + f.dir;
  wiring_options.logger = logger;
  wiring_options.observer = &metrics;
  wiring_options.list_max_age = Clock::Duration::zero();  // lists age by poll rounds and passes (RequireSince)
  wiring_options.instance = f.instance.empty() ? CommandWiring::DefaultInstance() : f.instance;
  wiring_options.election.lease_ttl = std::chrono::duration_cast<std::chrono::seconds>(*lease);
  wiring_options.election.renew_deadline = *renew;
  LeaderMetrics leader_metrics(metrics.registry());
  wiring_options.etcd_observer = &leader_metrics;
  std::ostringstream first_load_errors;
  auto wiring = CommandWiring::Create(f.common, f.dir, first_load_errors, wiring_options);
  if (!wiring.ok()) {
    std::cerr << "edgecert run: " << wiring.status().message() << "\n";
    return 1;
  }
  CommandWiring& w = **wiring;
  // A token from a file follows the file: a rotated Secret or credential is used without a restart.
  std::unique_ptr<TokenFileWatcher> token_watcher;
  const api::Environment env = api::ProcessEnvironment();
  if (const auto it = env.find("CLOUDFLARE_API_TOKEN_FILE"); it != env.end() && !it->second.empty()) {
    auto current = api::Credentials::FromTokenFile(it->second);
    if (current.ok()) {
      token_watcher = std::make_unique<TokenFileWatcher>(
          it->second, std::move(current).value(),
          [&w](api::Credentials rotated) { w.client_stack().ReplaceCredentials(std::move(rotated)); }, *logger);
      token_watcher->Start(std::chrono::duration_cast<std::chrono::milliseconds>(*token_file_interval));
    }
  }
  w.options().pending_poll = std::max(std::chrono::seconds(1), std::chrono::duration_cast<std::chrono::seconds>(*poll));

  reconcile::ControllerOptions options;
  options.workers = f.workers;
  options.resync = *resync;
  options.poll_alignment = std::min<Clock::Duration>(std::chrono::seconds(5), w.options().pending_poll);
  options.prune = {f.max_deletions, f.allow_empty};
  options.prune.window = std::chrono::duration_cast<std::chrono::seconds>(*window);
  // `edgecert approve-deletions` leaves a one-shot approval in the state dir; a pass takes it.
  const DeletionApproval approval(w.state_dir());
  options.take_deletion_approval = [approval, &logger] {
    if (!approval.Take()) return false;
    logger->warn("operator approval {} taken: deletions past --max-deletions are carried out",
                 approval.file().string());
    return true;
  };
  MetricsObserver metrics_observer(metrics);
  std::optional<dcv::DnsRecordsDirectory> dns_records;
  std::optional<dcv::DnsRecordsObserver> dns_observer;
  if (!f.dns_records_out.empty()) {
    dns_records.emplace(f.dns_records_out);
    dns_observer.emplace(*dns_records, w.status(), metrics_observer,
                         [&logger](const Status& s) { logger->warn("--dns-records-out: {}", s.message()); });
  }
  reconcile::ControllerObserver& records_observer =
      dns_observer ? static_cast<reconcile::ControllerObserver&>(*dns_observer) : metrics_observer;
  // spec.validationRecords.publish: CloudflareDNS; the desired snapshot comes from `terms`, made below.
  dcv::CloudflareDnsPublisher dns_publisher(w.client(), w.scopes(), w.logger());
  LeaderTerms* terms_ref = nullptr;
  dcv::DnsPublisherObserver observer(
      dns_publisher, [&terms_ref] { return terms_ref ? terms_ref->desired() : nullptr; }, w.status(), records_observer,
      [&logger](const Status& s) { logger->warn("validationRecords: {}", s.message()); });
  LeaderTerms terms(
      w.election(), w.inventory(),
      [&w, &observer, options] {
        return std::make_unique<reconcile::Controller>(
            reconcile::ControllerParts{w.reconcilers(), w.client(), w.actual(), w.scopes(), w.inventory(), w.status(),
                                       w.clock(), w.logger(), w.options(), observer, &w.budget()},
            options);
      },
      std::chrono::duration_cast<std::chrono::milliseconds>(*retry),
      std::chrono::duration_cast<std::chrono::milliseconds>(*drain), *logger,
      w.election() != nullptr ? &leader_metrics : nullptr);
  terms_ref = &terms;
  if (w.election() == nullptr) leader_metrics.SetLeading(true);  // the state dir's lock makes it the one writer

  LoadState load_state;
  OpsHandlers handlers;
  handlers.healthy = [&terms] {
    Status healthy = Status::Ok();
    terms.With([&healthy](reconcile::Controller* c) {
      if (c != nullptr) healthy = c->Healthy();
    });
    return healthy;
  };
  handlers.ready = [&terms, &load_state, &w] {
    if (std::string error = load_state.error(); !error.empty()) {
      return Unavailable("the last manifest load failed (the last good state stays in force): " + error);
    }
    if (!w.desired()) return Unavailable("no desired state is loaded");
    if (Status etcd = terms.EtcdHealth(); !etcd.ok()) return etcd;
    Status ready = Status::Ok();
    terms.With([&ready](reconcile::Controller* c) {
      // A follower is ready: it holds a valid desired state and stands by.
      if (c != nullptr) ready = c->Readiness();
    });
    return ready;
  };
  handlers.status_json = [&terms, &load_state, &w, &handlers] {
    StatusReport report;
    reconcile::ControllerSummary summary;
    terms.With([&summary](reconcile::Controller* c) {
      if (c != nullptr) summary = c->Summary();
    });
    report.daemon.version = EDGECERT_VERSION;
    if (!summary.desired_hash.empty()) report.daemon.desired_hash = "sha256:" + summary.desired_hash;
    report.daemon.desired_loaded_at = load_state.loaded_at();
    report.daemon.last_load_error = load_state.error();
    report.daemon.last_sync = summary.last_sync;
    report.daemon.deletions_held_back = summary.held_back;
    const Status ready = handlers.ready();
    report.daemon.ready = ready.ok();
    report.daemon.not_ready_reason = ready.ok() ? "" : ready.message();
    if (w.election() != nullptr) {
      report.daemon.role = terms.Role();
      report.daemon.leader = terms.Leader();
    }
    report.objects = w.status().All();
    return StatusReportToJson(report);
  };
  handlers.metrics_text = [&metrics, &w, &terms, &handlers] {
    metrics.SetReady(handlers.ready().ok());
    metrics.UpdateObjects(w.status().All());
    std::size_t held_back = 0;
    terms.With([&held_back](reconcile::Controller* c) {
      if (c != nullptr) held_back = c->Summary().held_back.size();
    });
    metrics.SetDeletionsHeldBack(held_back);
    metrics.SetRateBudget(w.budget().Available(), w.budget().options().capacity);
    return metrics.Serialize();
  };
  // The first load's outcome is on /metrics, /readyz and /status before they answer anything.
  metrics.OnManifestLoad(w.desired() != nullptr, Wall(w.clock().Now()));
  if (w.desired()) {
    load_state.Succeeded(w.clock().Now());
  } else {
    load_state.Failed("the manifests failed to load at start");
  }
  auto ops = OpsServer::Start(f.listen, handlers);
  if (!ops.ok()) {
    std::cerr << "edgecert run: --listen " << f.listen << ": " << ops.status().message() << "\n";
    return 1;
  }

  terms.Start();
  SystemdNotifier notifier([&handlers] { return handlers.healthy(); });
  logger->info("edgecert run: manifests {}, state {}, operator endpoints on {}, {} workers, resync {} s", f.dir,
               w.state_where(), (*ops)->url(), options.workers,
               std::chrono::duration_cast<std::chrono::seconds>(options.resync).count());
  if (w.desired()) {
    terms.SetDesired(w.desired());
    notifier.Ready(ReadyStatus(*w.desired()));
  } else {
    notifier.SetStatus("the manifests failed to load; nothing is reconciled until they load");
    std::istringstream lines(first_load_errors.str());
    for (std::string line; std::getline(lines, line);) logger->error("manifest: {}", line);
    logger->error("the manifests in {} failed to load; nothing is reconciled until they load", f.dir);
  }

  // A load that failed for a transient reason (EMFILE, EIO, ...) is tried again with backoff, without
  // waiting for the next change.
  ReloadBackoff backoff;
  std::optional<ReloadBackoff::Duration> reload_retry;
  for (;;) {
    std::optional<Requests::What> what = requests.TakeFor(reload_retry);
    if (what == Requests::What::kStop) break;
    if (what) {
      logger->info("reloading the manifests");
    } else {
      logger->info("reloading the manifests: the last load failed for a transient reason");
    }
    reload_retry = backoff.After(Load(w, terms, metrics, load_state, notifier, *logger));
    if (reload_retry)
      logger->warn("the manifest load failed for a transient reason; trying again in {} ms", reload_retry->count());
  }

  logger->info("stopping: no new work; waiting up to {} ms for reconciles in flight", drain->count());
  notifier.Stopping("draining reconciles in flight");
  watcher->reset();  // no reloads while stopping
  if (!terms.Stop()) {
    // Workers are still inside API calls; the inventory holds every create intent, so a restart adopts.
    // Non-zero, so a supervisor can tell a drain that timed out from a clean stop.
    logger->error("reconciles still running after {} ms; exiting without them (exit 1)", drain->count());
    logger->flush();
    std::fflush(nullptr);
    std::_Exit(1);
  }
  ops->reset();
  logger->info("stopped; inventory saved in {}", w.state_where());
  logger->flush();
  return 0;
}

}  // namespace

void RegisterRunCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("run", "Run the controller: keep the account equal to the manifests");
  auto f = std::make_shared<RunFlags>();
  cmd->add_option("DIR", f->dir, "Directory of manifests (watched; SIGHUP reloads too)")->required();
  // DIR has one spelling, as for plan and apply; the old second one is a usage error that names it.
  cmd->add_option("--manifests", f->dir)->group("")->each([](const std::string&) {
    throw CLI::ValidationError("--manifests", "was removed: give the directory as the argument: edgecert run DIR");
  });
  cmd->add_option("--listen", f->listen,
                  "Operator endpoints /metrics /healthz /readyz /status (default 127.0.0.1:9464)");
  cmd->add_option("--resync", f->resync, "Re-check every object (restores drift) this often (default 10m)")
      ->check(DurationValidator());
  cmd->add_option("--poll", f->poll, "First re-check of pending work such as validation (default 10s)")
      ->check(DurationValidator());
  cmd->add_option("--workers", f->workers, "Reconciles running at once (default 4)")->check(CLI::Range(1, 64));
  cmd->add_option("--max-deletions", f->max_deletions,
                  "Past this many deletions within --deletion-window none is made until approved (default 10)");
  cmd->add_option("--deletion-window", f->deletion_window, "The sliding window --max-deletions counts in (default 1h)")
      ->check(DurationValidator());
  cmd->add_flag("--allow-empty", f->allow_empty, "Let an empty manifest set prune every owned object");
  cmd->add_option("--drain-timeout", f->drain, "On SIGTERM, how long reconciles in flight may finish (default 25s)")
      ->check(DurationValidator());
  cmd->add_option("--dns-records-out", f->dns_records_out,
                  "Keep DIR equal to the pending TXT/CNAME validation records (external-dns DNSEndpoints, zone files)");
  cmd->add_option("--watch-debounce", f->debounce,
                  "Quiet time after a manifest change before reloading (default 200ms)")
      ->check(DurationValidator());
  cmd->add_option("--token-file-interval", f->token_file_interval,
                  "How often CLOUDFLARE_API_TOKEN_FILE is checked for a rotated token (default 10s)")
      ->check(DurationValidator());
  cmd->add_option("--instance", f->instance,
                  "This replica's name in the leader election, logs and the API User-Agent (default HOSTNAME-PID)");
  cmd->add_option("--lease-duration", f->lease_duration, "With --state-store etcd://: leader lease TTL (default 15s)")
      ->check(DurationValidator());
  cmd->add_option("--renew-deadline", f->renew_deadline,
                  "With etcd: the leader stops writing when it could not renew for this long (default 10s)")
      ->check(DurationValidator());
  cmd->add_option("--retry-period", f->retry_period,
                  "With etcd: how often candidates campaign and the leader renews (default 2s)")
      ->check(DurationValidator());
  AddLogFlags(*cmd, f->log);
  AddColorFlag(*cmd, f->color);
  AddCommonFlags(*cmd, f->common);
  cmd->callback([f, &exit_code] { exit_code = Run(*f); });
}

}  // namespace edgecert::daemon
