// DaemonE2eTest: `edgecert emulator` and `edgecert run` as processes on 127.0.0.1 (free ports), with
// manifests and state in a temp dir. Every wait polls an observable (the daemon's /readyz, /status and
// /metrics, the emulator's /__emulator/state and /__emulator/history) up to a generous deadline; nothing
// sleeps for synchronisation. Thread-safety: one test thread.
#pragma once

#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "tests/daemon_e2e/logged_process.h"
#include "tests/daemon_e2e/probe.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {

// A CertificatePack manifest.
struct Pack {
  std::string name;
  std::vector<std::string> hosts;
  std::string zone = "example-com";  // the Zone manifest's name
};

// Account "main", zones "example-com" / "example-net" (the emulator's defaults), then the packs.
std::string ManifestsYaml(const std::vector<Pack>& packs);

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};
// Runs `edgecert ARGS` to completion.
CommandResult RunEdgecert(const std::string& args);

class DaemonE2eTest : public ::testing::Test {
 protected:
  static constexpr auto kDeadline = std::chrono::seconds(30);

  void SetUp() override;
  void TearDown() override;

  // Starts the emulator; `extra` flags such as --time-scale or --config. Sets api_url()/admin_url().
  void StartEmulator(const std::vector<std::string>& extra = {"--time-scale", "200"});
  // Starts `edgecert run` on manifest_dir() with a fresh ops port; flags after the defaults
  // (--poll 1s, --resync 10m, --log-level debug). Waits until /healthz answers. `env` ("NAME=value")
  // replaces the default credentials (CLOUDFLARE_API_TOKEN with the emulator's edit token).
  void StartDaemon(const std::vector<std::string>& extra = {}, const std::vector<std::string>& env = {});
  // SIGTERM and the exit code (nullopt when it did not exit within the deadline).
  std::optional<int> StopDaemon(int sig = 15);

  // Writes the manifests atomically (a hidden temp file renamed into place), as an editor would.
  void WriteManifests(const std::string& yaml, const std::string& file = "manifests.yaml");

  // Polls `done` every 50 ms until it holds or `timeout` passes; false (with `what` and the daemon log
  // added to the failure) at the deadline. Fails at once when the daemon exited.
  bool WaitFor(const std::string& what, const std::function<bool()>& done,
               std::chrono::milliseconds timeout = kDeadline);

  // --- the daemon's operator endpoints ---
  HttpAnswer Ops(const std::string& path) { return Http(ops_url_, "GET", path); }
  std::optional<web::json::value> Status();  // /status parsed
  std::map<std::string, double> Metrics();    // /metrics parsed
  // Every object of /status is Ready (and there are `objects` of them).
  bool AllReady(std::size_t objects);

  // --- the emulator ---
  web::json::value EmulatorState();
  // History entries (array) after `since`, of one kind ("certificate_pack") when given.
  web::json::value History(std::uint64_t since = 0, const std::string& kind = "");
  std::uint64_t LastHistorySeq();
  void SetFaults(const std::string& json);
  // Live (not deleted) packs: sorted host list joined by "," -> ids (more than one id is a duplicate).
  std::map<std::string, std::vector<std::string>> LivePacks();
  // The zone id the emulator gives example.com / example.net.
  std::string ZoneId(const std::string& apex);
  // A call to the API with the emulator's edit token.
  HttpAnswer Api(const std::string& method, const std::string& path, const std::string& body = "");

  const std::filesystem::path& manifest_dir() const { return manifest_dir_; }
  const std::filesystem::path& state_dir() const { return state_dir_; }
  const std::string& api_url() const { return api_url_; }
  const std::string& ops_url() const { return ops_url_; }
  LoggedProcess* daemon() { return daemon_.get(); }
  std::string DaemonLog() const { return daemon_ ? daemon_->Log() : std::string(); }

  TempDir dir_;
  std::filesystem::path manifest_dir_;
  std::filesystem::path state_dir_;
  std::unique_ptr<LoggedProcess> emulator_;
  std::unique_ptr<LoggedProcess> daemon_;
  std::string api_url_;    // http://127.0.0.1:PORT/client/v4
  std::string admin_url_;  // http://127.0.0.1:PORT
  std::string ops_url_;    // http://127.0.0.1:PORT of the daemon
  int daemon_runs_ = 0;
};

// Joins sorted hosts with ",": the key LivePacks() uses.
std::string HostKey(std::vector<std::string> hosts);

}  // namespace edgecert::testing
