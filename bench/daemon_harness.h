// DaemonHarness: an `edgecert emulator` process serving N objects (packs, or a mixed layout) (every lifecycle
// step 1 emulator second) and an `edgecert run` process on their manifests, for the benchmarks that
// measure the daemon from the outside (/proc, its /metrics and /status, the emulator's history).
// Everything lives in a temp dir removed at the end. Thread-safety: one thread.
#pragma once

#include <cpprest/json.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/daemon_e2e/logged_process.h"
#include "tests/daemon_e2e/probe.h"

namespace edgecert::bench {

constexpr int kPacksPerZone = 50;  // one page of the pack list

// What the manifests hold: packs only (50 a zone), or the mixed layout of bench/mixed_layout.h.
enum class Layout { kPacks, kMixed };

class DaemonHarness {
 public:
  // `emulator_rate_limit`: the emulator's own limit per 300 s (0: off).
  DaemonHarness(int objects, int emulator_rate_limit, Layout layout = Layout::kPacks);
  ~DaemonHarness();

  // Starts the emulator and the daemon. `daemon_flags` follow the defaults; `state_flags` replace
  // `--state-dir DIR/state` when given (e.g. --state-store etcd://...).
  bool Start(double time_scale, const std::vector<std::string>& daemon_flags,
             const std::vector<std::string>& state_flags = {}, const std::vector<std::string>& daemon_env = {});

  // The packs of zone `z`; `extra` maps a pack index to an extra host label.
  void WriteZone(int z, const std::map<int, std::string>& extra);
  // Atomic, as an editor saves.
  void Write(const std::string& name, const std::string& text);
  // Polls `done` every 100 ms (500 ms in the mixed layout) until it holds; false at the deadline or when the daemon
  // exited.
  bool Until(std::chrono::seconds timeout, const std::function<bool()>& done);

  std::size_t ReadyObjects();
  std::map<std::string, double> Metrics();
  double Requests();
  // Every pack Ready and no API request in flight; prints a line.
  bool Settle(std::chrono::seconds timeout);

  // Emulator time -> real Unix ms, from one clock reading (the request's round trip is the error).
  std::function<double(double)> EmulatorToReal();
  web::json::value History(std::uint64_t since);
  std::uint64_t LastSeq();
  void Faults(const std::string& json);
  // Live packs (host sets) and the count of host sets held more than once.
  std::pair<std::size_t, std::size_t> LiveAndDuplicates();
  // Every live pack as (zone id, pack id), from the emulator's state.
  std::vector<std::pair<std::string, std::string>> PackIds();
  // One API call as the daemon makes it (bearer token); the HTTP status.
  int Api(const std::string& path);

  testing::LoggedProcess& daemon() { return *daemon_; }
  int objects() const { return objects_; }
  int zones() const { return zones_; }
  const std::filesystem::path& root() const { return root_; }

  static std::string Binary();
  static double NowUnixMs();

 private:
  int objects_;
  int emulator_rate_limit_;
  Layout layout_;
  std::filesystem::path root_;
  int zones_ = 0;
  std::unique_ptr<testing::LoggedProcess> emulator_;
  std::unique_ptr<testing::LoggedProcess> daemon_;
  std::string admin_url_;
  std::string ops_url_;
};

}  // namespace edgecert::bench
