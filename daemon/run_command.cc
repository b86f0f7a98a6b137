// `edgecert run DIR`: the long-running controller. Loads the manifests, keeps the account equal to them
// with the Controller, reloads on SIGHUP (a load that fails keeps the last good desired state and is
// logged), and on SIGTERM/SIGINT stops taking work, lets reconciles in flight finish (bounded) and exits
// 0 with the inventory saved; a second signal exits at once.
#include <pthread.h>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <memory>
#include <string>
#include <thread>

#include "daemon/command_wiring.h"
#include "daemon/commands.h"
#include "reconcile/controller.h"

namespace edgecert::daemon {
namespace {

// "90", "90s", "30m", "2h", "500ms" -> milliseconds; nullopt when malformed.
std::optional<std::chrono::milliseconds> ParseDuration(const std::string& text) {
  long long n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || n < 0) return std::nullopt;
  const std::string unit(end, text.data() + text.size());
  if (unit == "ms") return std::chrono::milliseconds(n);
  if (unit.empty() || unit == "s") return std::chrono::seconds(n);
  if (unit == "m") return std::chrono::minutes(n);
  if (unit == "h") return std::chrono::hours(n);
  return std::nullopt;
}

struct RunFlags {
  CommonFlags common;
  std::string dir;
  std::string resync = "10m";
  std::string poll = "10s";
  std::string drain = "25s";
  int workers = 4;
  std::size_t max_deletions = 10;
  bool allow_empty = false;
  std::string log_level = "info";
};

// Reports a load: success swaps the snapshot in, failure keeps the last good one and says why.
void Load(CommandWiring& w, reconcile::Controller& controller, spdlog::logger& log) {
  manifests::ManifestLoad load = w.Reload();
  if (!load.ok()) {
    for (const auto& d : load.errors) log.error("manifest: {}", d.Format());
    log.error("{} manifest error(s) in {}; the last good desired state stays in force{}", load.errors.size(),
              w.manifest_dir(), w.desired() ? "" : " (none yet: nothing is reconciled)");
    return;
  }
  if (!controller.SetDesired(load.state)) log.info("manifests reloaded: unchanged");
}

int Run(const RunFlags& f) {
  const auto resync = ParseDuration(f.resync);
  const auto poll = ParseDuration(f.poll);
  const auto drain = ParseDuration(f.drain);
  if (!resync || !poll || !drain || resync->count() == 0 || poll->count() == 0) {
    std::cerr << "edgecert run: --resync, --poll and --drain-timeout take a duration like 500ms, 90s, 30m or 2h\n";
    return 1;
  }
  const spdlog::level::level_enum level = spdlog::level::from_str(f.log_level);
  if (level == spdlog::level::off && f.log_level != "off") {
    std::cerr << "edgecert run: --log-level is one of trace, debug, info, warn, error, critical, off\n";
    return 1;
  }

  // Signals are taken by sigwait on this thread only: block them before any other thread starts, so
  // every thread (client, workers) inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto logger = spdlog::stderr_color_mt("edgecert-run");
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);  // one line per action, visible at once

  WiringOptions wiring_options;
  wiring_options.allow_failed_load = true;
  wiring_options.logger = logger;
  wiring_options.list_max_age = std::chrono::seconds(2);  // shorter than the poll alignment
  std::ostringstream load_errors;
  auto wiring = CommandWiring::Create(f.common, f.dir, load_errors, wiring_options);
  if (!wiring.ok()) {
    std::cerr << "edgecert run: " << wiring.status().message() << "\n";
    return 1;
  }
  CommandWiring& w = **wiring;
  w.options().pending_poll = std::chrono::duration_cast<std::chrono::seconds>(*poll);
  if (w.options().pending_poll.count() == 0) w.options().pending_poll = std::chrono::seconds(1);

  reconcile::ControllerOptions options;
  options.workers = f.workers;
  options.resync = *resync;
  options.poll_alignment = std::min<Clock::Duration>(std::chrono::seconds(5), w.options().pending_poll);
  options.prune = {f.max_deletions, f.allow_empty};
  reconcile::ControllerObserver observer;  // metrics are wired once the ops part lands
  reconcile::Controller controller(
      reconcile::ControllerParts{w.reconcilers(), w.client(), w.actual(), w.scopes(), w.inventory(), w.status(),
                                 w.clock(), w.logger(), w.options(), observer},
      options);
  controller.Start();
  logger->info("edgecert run: manifests {}, state dir {}, {} workers, resync {} s", f.dir, w.state_dir().string(),
               options.workers, std::chrono::duration_cast<std::chrono::seconds>(options.resync).count());
  if (w.desired()) {
    controller.SetDesired(w.desired());
  } else {
    std::istringstream lines(load_errors.str());
    for (std::string line; std::getline(lines, line);) logger->error("manifest: {}", line);
    logger->error("the manifests in {} failed to load; nothing is reconciled until they load (SIGHUP)", f.dir);
  }

  while (true) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      logger->info("SIGHUP: reloading the manifests");
      Load(w, controller, *logger);
      continue;
    }
    break;
  }

  logger->info("stopping: no new work; waiting up to {} ms for reconciles in flight", drain->count());
  std::atomic<bool> stopped{false};
  bool drained = false;
  std::thread stopper([&] {
    drained = controller.Stop(*drain);
    stopped = true;
  });
  // A second SIGTERM/SIGINT while draining exits at once.
  const timespec tick{0, 100'000'000};
  while (!stopped) {
    siginfo_t info;
    const int sig = sigtimedwait(&signals, &info, &tick);
    if (sig == SIGTERM || sig == SIGINT) {
      logger->warn("second signal: exiting at once");
      logger->flush();
      std::fflush(nullptr);
      std::_Exit(1);
    }
  }
  stopper.join();
  if (!drained) {
    // Workers are still inside API calls; the inventory holds every create intent, so a restart adopts.
    logger->warn("reconciles still running after {} ms; exiting without them", drain->count());
    logger->flush();
    std::fflush(nullptr);
    std::_Exit(0);
  }
  logger->info("stopped; inventory saved in {}", w.state_dir().string());
  return 0;
}

}  // namespace

void RegisterRunCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("run", "Run the controller: keep the account equal to the manifests");
  auto f = std::make_shared<RunFlags>();
  cmd->add_option("DIR", f->dir, "Directory of manifests")->required();
  cmd->add_option("--resync", f->resync, "Re-check every object (restores drift) this often (default 10m)");
  cmd->add_option("--poll", f->poll, "First re-check of pending work such as validation (default 10s)");
  cmd->add_option("--workers", f->workers, "Reconciles running at once (default 4)")->check(CLI::Range(1, 64));
  cmd->add_option("--max-deletions", f->max_deletions, "Deletions allowed in one pass (default 10)");
  cmd->add_flag("--allow-empty", f->allow_empty, "Let an empty manifest set prune every owned object");
  cmd->add_option("--drain-timeout", f->drain, "On SIGTERM, how long reconciles in flight may finish (default 25s)");
  cmd->add_option("--log-level", f->log_level, "trace, debug, info, warn, error (default info)");
  AddCommonFlags(*cmd, f->common);
  cmd->callback([f, &exit_code] { exit_code = Run(*f); });
}

}  // namespace edgecert::daemon
