// CommandWiring: what `plan` and `apply` (and later `run`) share: the common flags (--api-url,
// --state-dir), the client built from the environment's credentials, the inventory in the state dir,
// the loaded manifests and the reconcile context over them. Thread-safety: build and use from the
// command's thread; the parts are thread-safe as documented in their headers.
#pragma once

#include <CLI/CLI.hpp>
#include <spdlog/logger.h>

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "api/client/client_stack.h"
#include "common/clock.h"
#include "common/status.h"
#include "manifests/manifest_loader.h"
#include "reconcile/actual_state.h"
#include "reconcile/state/etcd/etcd_election.h"
#include "reconcile/state/etcd/etcd_state_store.h"
#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "reconcile/object_status.h"
#include "reconcile/reconcile_context.h"
#include "reconcile/reconciler.h"
#include "reconcile/scope_directory.h"

namespace edgecert::daemon {

struct CommonFlags {
  std::string api_url;      // --api-url; empty: EDGECERT_API_URL, else the real API
  std::string state_dir;    // --state-dir; empty: DefaultStateDir()
  std::string state_store;  // --state-store etcd://HOST:PORT[,...]/PREFIX; empty: the state dir
  std::string etcd_ca, etcd_cert, etcd_key;  // --etcd-ca / --etcd-cert / --etcd-key
  std::string api_rate;     // --api-rate REQUESTS/PERIOD; empty: Cloudflare's 1200/5m
};

void AddCommonFlags(CLI::App& command, CommonFlags& flags);

// /var/lib/edgecert for root, else $XDG_STATE_HOME/edgecert, else ~/.local/state/edgecert.
std::filesystem::path DefaultStateDir(const api::Environment& env, bool is_root);

// What `run` wires differently from plan/apply.
struct WiringOptions {
  // Non-empty for a writer (run, apply): the state dir's lock is taken for the wiring's life, and this
  // names the process to a refused second writer ("edgecert apply DIR"). Empty: read-only (plan).
  std::string writer_command;
  // Names this process in the User-Agent of its API calls and as a leader candidate on etcd.
  std::string instance;
  // With an etcd store, a writer campaigns with these (instance filled in). `lead_now` (apply): lead at
  // once or fail naming the leader; otherwise (run) the caller drives election().Step().
  reconcile::ElectionOptions election;
  bool lead_now = false;
  reconcile::EtcdObserver* etcd_observer = nullptr;
  bool allow_failed_load = false;           // run: start without a desired state and wait for a fix
  std::shared_ptr<spdlog::logger> logger;   // null: warnings to stderr
  api::ClientObserver* observer = nullptr;  // null: none (metrics use this)
  Clock::Duration list_max_age{0};          // > 0: the ActualState re-lists reads older than this too
  bool load_manifests = true;               // false (import): wire client and inventory only; Reload() later
};

class CommandWiring {
 public:
  // Loads the manifests below `manifest_dir` and wires everything; errors name what to fix. Manifest
  // errors are printed to `err` one per line.
  // The default instance name: HOSTNAME-PID.
  static std::string DefaultInstance();

  static Result<std::unique_ptr<CommandWiring>> Create(const CommonFlags& flags, const std::string& manifest_dir,
                                                       std::ostream& err, WiringOptions options = {});

  // Loads the manifests again; on success they become desired(). The load is returned either way. A
  // manifest file that loads to no object while owned objects came from it fails the load.
  manifests::ManifestLoad Reload();
  // The last successful load; null when none succeeded yet.
  std::shared_ptr<const manifests::DesiredState> desired() const { return desired_; }
  const std::string& manifest_dir() const { return manifest_dir_; }
  const std::filesystem::path& state_dir() const { return state_dir_; }
  // Where the state lives: the state dir, or etcd://.../PREFIX.
  std::string state_where() const { return store_->Describe(); }
  // Non-null with an etcd store opened for writing.
  reconcile::EtcdElection* election() { return election_.get(); }
  api::CloudflareClient& client() { return stack_->client(); }
  api::RateBudget& budget() { return stack_->budget(); }
  api::ClientStack& client_stack() { return *stack_; }
  reconcile::ScopeDirectory& scopes() { return *scopes_; }
  reconcile::Inventory& inventory() { return *inventory_; }
  reconcile::ObjectStatusBoard& status() { return status_; }
  spdlog::logger& logger() { return *logger_; }

  reconcile::ReconcileContext Context();
  const std::vector<std::unique_ptr<reconcile::Reconciler>>& reconcilers() const { return reconcilers_; }
  reconcile::ActualState& actual() { return *actual_; }
  Clock& clock() { return clock_; }
  reconcile::ReconcileOptions& options() { return options_; }

 private:
  CommandWiring() = default;
  // Turns a good load into a failed one when it empties a file that owned objects came from.
  void RefuseEmptiedFiles(manifests::ManifestLoad& load) const;
  Status OpenStore(const CommonFlags& flags, const api::Environment& env, const WiringOptions& wiring);

  SystemClock clock_;
  std::shared_ptr<spdlog::logger> logger_;
  std::string manifest_dir_;
  std::filesystem::path state_dir_;
  api::NullClientObserver observer_;
  std::unique_ptr<api::ClientStack> stack_;
  std::unique_ptr<reconcile::EtcdClient> etcd_;
  std::unique_ptr<reconcile::EtcdElection> election_;
  std::unique_ptr<reconcile::StateStore> store_;
  std::unique_ptr<reconcile::Inventory> inventory_;
  std::unique_ptr<reconcile::ActualState> actual_;
  std::unique_ptr<reconcile::ScopeDirectory> scopes_;
  reconcile::ObjectStatusBoard status_;
  reconcile::ReconcileOptions options_;
  std::shared_ptr<const manifests::DesiredState> desired_;
  std::vector<std::unique_ptr<reconcile::Reconciler>> reconcilers_;
};

}  // namespace edgecert::daemon
