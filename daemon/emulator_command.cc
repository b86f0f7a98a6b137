// `edgecert emulator`: serves the local Cloudflare SSL/mTLS API emulator until SIGINT or SIGTERM.
#include <spdlog/spdlog.h>

#include <csignal>
#include <iostream>

#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "common/clock.h"
#include "common/duration.h"
#include "daemon/commands.h"
#include "daemon/duration_flag.h"

namespace edgecert::daemon {

namespace {

struct EmulatorFlags {
  std::string listen = "127.0.0.1:8787";
  std::string config_file;
  std::string state_file;
  double time_scale = 1.0;
  std::uint64_t seed = 1;
  double error_rate = 0;
  int error_status = 503;
  std::string latency_ms;
  double drop_rate = 0;
  int rate_limit = -1;
  std::string rate_limit_window = "300s";
  std::vector<std::string> validation_timeouts;
  int validation_timeout_attempts = 0;
};

int RunEmulator(const EmulatorFlags& flags) {
  using namespace edgecert::emulator;
  EmulatorOptions options;
  if (!flags.config_file.empty()) {
    auto config = LoadEmulatorConfig(flags.config_file);
    if (!config.ok()) {
      std::cerr << "edgecert emulator: " << config.status().ToString() << "\n";
      return 1;
    }
    options.config = std::move(config).value();
  }
  if (flags.rate_limit >= 0) options.config.rate_limit = {flags.rate_limit, static_cast<int>(WholeSeconds(*ParseDuration(flags.rate_limit_window)))};
  options.seed = flags.seed;
  options.state_file = flags.state_file;
  options.time_scale = flags.time_scale;
  if (flags.error_rate > 0) options.faults.errors.push_back({"*", "", flags.error_rate, flags.error_status, -1});
  if (flags.drop_rate > 0) options.faults.drops.push_back({"*", "", flags.drop_rate, -1});
  if (!flags.latency_ms.empty()) {
    LatencyFault latency;
    const auto colon = flags.latency_ms.find(':');
    try {
      latency.min_ms = std::stoi(flags.latency_ms.substr(0, colon));
      latency.max_ms = colon == std::string::npos ? latency.min_ms : std::stoi(flags.latency_ms.substr(colon + 1));
    } catch (const std::exception&) {
      std::cerr << "edgecert emulator: --fault-latency-ms takes MIN or MIN:MAX milliseconds\n";
      return 2;
    }
    options.faults.latency.push_back(latency);
  }
  for (const auto& pattern : flags.validation_timeouts) {
    options.faults.validation_timeouts.push_back({pattern, flags.validation_timeout_attempts});
  }
  const auto colon = flags.listen.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "edgecert emulator: --listen takes HOST:PORT\n";
    return 2;
  }
  const std::string host = flags.listen.substr(0, colon);
  int port = 0;
  try {
    port = std::stoi(flags.listen.substr(colon + 1));
  } catch (const std::exception&) {
    std::cerr << "edgecert emulator: --listen takes HOST:PORT\n";
    return 2;
  }

  // Block the stop signals before cpprest starts its threads, so only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  SystemClock clock;
  Emulator emulator(std::move(options), clock);
  if (!flags.state_file.empty()) {
    Status restored = emulator.RestoreState(flags.state_file);
    if (restored.ok()) {
      std::cout << "restored state from " << flags.state_file << "\n";
    } else if (restored.code() != StatusCode::kNotFound) {
      // Never start empty over a state file we could not read: that would lose it at the next write.
      std::cerr << "edgecert emulator: " << restored.message() << "\n";
      return 1;
    }
  }
  EmulatorServer server(emulator);
  if (Status s = server.Start(host, port); !s.ok()) {
    std::cerr << "edgecert emulator: " << s.ToString() << "\n";
    return 1;
  }
  std::cout << "edgecert emulator listening on " << server.base_url() << kApiPrefix << "\n";
  if (flags.config_file.empty()) {
    // The built-in credentials are emulator-only constants, documented in docs/emulator.md.
    std::cout << "default token (edit): " << kDefaultEditToken << "\n"
              << "default token (read): " << kDefaultReadToken << "\n";
  }
  std::cout << "admin: " << server.base_url() << kAdminPrefix << "/  (time scale " << flags.time_scale << ")\n"
            << std::flush;
  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("emulator: stopping on signal {}", signal);
  server.Stop();
  if (!flags.state_file.empty()) {
    if (Status saved = emulator.SaveState(); !saved.ok()) {
      std::cerr << "edgecert emulator: " << saved.message() << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace

void RegisterEmulatorCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<EmulatorFlags>();
  auto* cmd = app.add_subcommand("emulator", "Serve a local emulator of the Cloudflare SSL/mTLS API");
  cmd->add_option("--listen", flags->listen, "HOST:PORT to listen on (port 0 picks a free port)")
      ->capture_default_str();
  cmd->add_option("--config", flags->config_file, "YAML file with accounts, zones, credentials, quotas");
  cmd->add_option("--state", flags->state_file,
                  "JSON file that keeps the emulator's objects across restarts (written after each write, mode 0600)");
  cmd->add_option("--time-scale", flags->time_scale, "Emulator seconds per real second")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--seed", flags->seed, "Seed for ids, tokens and fault decisions")->capture_default_str();
  cmd->add_option("--fault-error-rate", flags->error_rate, "Fraction of requests answered with a 5xx")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--fault-error-status", flags->error_status, "Status of injected errors")->check(CLI::Range(500, 599));
  cmd->add_option("--fault-latency-ms", flags->latency_ms, "Added latency, MIN or MIN:MAX milliseconds (uniform)");
  cmd->add_option("--fault-drop-rate", flags->drop_rate,
                  "Fraction of successful writes committed and then answered by closing the connection")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--rate-limit", flags->rate_limit, "Requests per window per credential (0 disables; default 1200)");
  cmd->add_option("--rate-limit-window", flags->rate_limit_window, "Rate limit window, whole seconds: 1s, 5m (default 300s)")
      ->check(DurationValidator(std::chrono::seconds(1)));
  cmd->add_option("--fault-validation-timeout", flags->validation_timeouts,
                  "Host glob whose validations time out (repeatable)");
  cmd->add_option("--fault-validation-timeout-attempts", flags->validation_timeout_attempts,
                  "How many validation attempts time out (0: all)");
  cmd->callback([flags, &exit_code] { exit_code = RunEmulator(*flags); });
}

}  // namespace edgecert::daemon
