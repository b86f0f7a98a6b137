// ReconcileHarness: everything an end-to-end reconcile test needs, wired from real parts: the emulator
// served over HTTP on 127.0.0.1 (port 0), a ClientStack using the emulator's default edit token, a temp
// state dir with a FileStateStore and Inventory, ScopeDirectory, ActualState, ObjectStatusBoard, a logger
// the test can read, and manifests written by the test into a temp dir and loaded with ManifestLoader.
// One FakeClock is the base of the emulator clock and the client's clock, so advancing it (or a loop
// sleeping on it) moves the emulator's lifecycles too, and no test ever sleeps.
// Thread-safety: construct, drive and destroy from the test's thread; Context() parts are thread-safe.
#pragma once

#include <cpprest/json.h>
#include <spdlog/logger.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "api/client/client_observer.h"
#include "api/client/client_stack.h"
#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "common/clock.h"
#include "manifests/manifest_loader.h"
#include "reconcile/actual_state.h"
#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "reconcile/object_status.h"
#include "reconcile/reconcile_context.h"
#include "reconcile/scope_directory.h"

namespace edgecert::testing {

// Counts every HTTP attempt the client sends, as "METHOD /endpoint/template".
class RequestCounter final : public api::ClientObserver {
 public:
  void OnRequestStarted(std::string_view method, std::string_view endpoint) override;
  std::map<std::string, int> Counts() const;
  int Total() const;
  int CountMethod(std::string_view method) const;  // e.g. every "GET"
  int Count(std::string_view method, std::string_view endpoint) const;
  void Reset();

 private:
  mutable std::mutex mu_;
  std::map<std::string, int> counts_;  // guarded by mu_
};

struct ReconcileHarnessOptions {
  // Default: DefaultEmulatorConfig() with the rate limit off (tests make many calls quickly).
  emulator::EmulatorOptions emulator = DefaultEmulator();
  reconcile::ReconcileOptions reconcile;
  std::string token = emulator::kDefaultEditToken;  // the credential the client stack uses
  // kBlock: sleeps on the clock block until the test advances it (to watch a wait from outside).
  FakeClock::Sleepers sleepers = FakeClock::Sleepers::kAdvance;

  static emulator::EmulatorOptions DefaultEmulator();
};

class ReconcileHarness {
 public:
  explicit ReconcileHarness(ReconcileHarnessOptions options = {});
  ~ReconcileHarness();
  ReconcileHarness(const ReconcileHarness&) = delete;
  ReconcileHarness& operator=(const ReconcileHarness&) = delete;

  // --- manifests ---
  // Writes `text` to `relative_path` below the manifest dir (directories created). Also for PEM/CSR
  // files manifests refer to.
  void WriteFile(const std::string& relative_path, const std::string& text);
  void RemoveFile(const std::string& relative_path);
  // Account "main" and zones "example-com" / "example-net" matching the emulator's default config.
  static std::string ScopesYaml();
  // Loads the manifest dir; on success the desired state of Context() becomes the new one. Returns the
  // load, so tests can look at its errors.
  manifests::ManifestLoad LoadManifests();
  // The desired state of the last successful load (an empty one before any).
  const manifests::DesiredState& desired() const { return *desired_; }

  // --- the reconcile context, bound to the last loaded desired state ---
  reconcile::ReconcileContext Context();

  // Simulates a process restart: a new Inventory loaded from the state dir, a fresh ActualState,
  // ScopeDirectory and status board (the emulator keeps running).
  void Restart();
  // A new pass: forget what the ActualState listed.
  void NewPass() { actual_->Clear(); }

  // --- parts ---
  FakeClock& clock() { return clock_; }
  emulator::Emulator& emulator() { return *emulator_; }
  std::string api_url() const;  // http://127.0.0.1:PORT/client/v4
  api::CloudflareClient& client() { return stack_->client(); }
  api::RateBudget& budget() { return stack_->budget(); }
  reconcile::ActualState& actual() { return *actual_; }
  reconcile::ScopeDirectory& scopes() { return *scopes_; }
  reconcile::Inventory& inventory() { return *inventory_; }
  reconcile::ObjectStatusBoard& status() { return *status_; }
  reconcile::ReconcileOptions& options() { return options_.reconcile; }
  spdlog::logger& logger() { return *logger_; }
  std::shared_ptr<spdlog::logger> shared_logger() { return logger_; }
  RequestCounter& requests() { return requests_; }
  const std::filesystem::path& manifest_dir() const { return manifest_dir_; }
  const std::filesystem::path& state_dir() const { return state_dir_; }
  std::string Logs();

  // Ids the emulator's default config gives.
  std::string ZoneId(const std::string& apex = "example.com") const;
  std::string AccountId() const;

  // --- time and emulator inspection ---
  // Moves the shared FakeClock (the emulator's base too).
  void Advance(std::chrono::seconds d) { clock_.Advance(d); }
  // Moves only the emulator's clock.
  void AdvanceEmulator(std::chrono::seconds d);
  // The admin history entries (array) after `since`, optionally of one kind ("certificate_pack", ...).
  web::json::value History(std::uint64_t since = 0, const std::string& kind = "");
  std::uint64_t LastHistorySeq();
  // The admin state dump.
  web::json::value State() { return emulator_->DumpState(); }
  // The packs of a zone as the state dump shows them.
  std::vector<web::json::value> Packs(const std::string& apex = "example.com");
  // Replaces the emulator's fault plan (JSON as in docs/emulator.md).
  void SetFaults(const web::json::value& faults);

 private:
  web::json::value Admin(const std::string& method, const std::string& path,
                         const std::map<std::string, std::string>& query = {}, const std::string& body = "");

  ReconcileHarnessOptions options_;
  FakeClock clock_;
  std::filesystem::path root_;
  std::filesystem::path manifest_dir_;
  std::filesystem::path state_dir_;
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<emulator::EmulatorServer> server_;
  std::ostringstream log_stream_;
  std::shared_ptr<spdlog::logger> logger_;
  RequestCounter requests_;
  std::unique_ptr<api::ClientStack> stack_;
  std::unique_ptr<reconcile::FileStateStore> store_;
  std::unique_ptr<reconcile::Inventory> inventory_;
  std::unique_ptr<reconcile::ActualState> actual_;
  std::unique_ptr<reconcile::ScopeDirectory> scopes_;
  std::unique_ptr<reconcile::ObjectStatusBoard> status_;
  std::shared_ptr<const manifests::DesiredState> desired_;
};

}  // namespace edgecert::testing
