#include "daemon/command_wiring.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <unistd.h>

#include <cstdio>

#include "reconcile/kinds/reconciler_registry.h"
#include "reconcile/manifest_ownership.h"

namespace edgecert::daemon {

std::string CommandWiring::DefaultInstance() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) std::snprintf(host, sizeof(host), "host");
  return std::string(host) + "-" + std::to_string(::getpid());
}

Status CommandWiring::OpenStore(const CommonFlags& flags, const api::Environment& env, const WiringOptions& wiring) {
  const bool writer = !wiring.writer_command.empty();
  if (flags.state_store.empty() || flags.state_store == "file") {
    if (writer) {
      auto store = reconcile::FileStateStore::OpenLocked(state_dir_, wiring.writer_command);
      if (!store.ok()) return store.status();  // its errors name the state dir
      store_ = std::move(store).value();
    } else {
      auto store = reconcile::FileStateStore::OpenReadOnly(state_dir_);
      if (!store.ok()) return store.status().WithContext("state dir " + state_dir_.string());
      store_ = std::move(store).value();
    }
    return Status::Ok();
  }
  auto connection = reconcile::ParseEtcdUrl(flags.state_store);
  if (!connection.ok()) return connection.status().WithContext("--state-store");
  connection->ca_file = flags.etcd_ca;
  connection->cert_file = flags.etcd_cert;
  connection->key_file = flags.etcd_key;
  Status credentials = reconcile::LoadEtcdCredentials(env, *connection);
  if (!credentials.ok()) return credentials;
  auto client = reconcile::EtcdClient::Create(*connection, wiring.etcd_observer);
  if (!client.ok()) return client.status();
  etcd_ = std::move(client).value();
  if (writer) {
    reconcile::ElectionOptions election = wiring.election;
    election.instance = wiring.writer_command + " (instance " +
                        (wiring.instance.empty() ? DefaultInstance() : wiring.instance) + ")";
    election_ = std::make_unique<reconcile::EtcdElection>(*etcd_, etcd_->connection().prefix, election);
    if (wiring.lead_now) {
      auto view = election_->Step();
      if (!view.ok()) return view.status().WithContext("campaign for " + etcd_->connection().Describe());
      if (!view->leading) {
        (void)election_->Resign();
        return FailedPrecondition("state " + etcd_->connection().Describe() + " is led by " + view->leader +
                                  ": only one edgecert may write a state at a time. Stop that process first, "
                                  "or wait for it to finish; `edgecert plan` only reads and needs no lock");
      }
    }
  }
  store_ = std::make_unique<reconcile::EtcdStateStore>(*etcd_, election_.get());
  return Status::Ok();
}

void AddCommonFlags(CLI::App& command, CommonFlags& flags) {
  command.add_option("--api-url", flags.api_url, "API base URL (default: EDGECERT_API_URL, else Cloudflare's)");
  command.add_option("--state-dir", flags.state_dir,
                     "Where the ownership inventory lives (default: $XDG_STATE_HOME/edgecert, "
                     "~/.local/state/edgecert, or /var/lib/edgecert for root)");
  command.add_option("--state-store", flags.state_store,
                     "etcd://HOST:PORT[,HOST:PORT...]/PREFIX keeps the state in etcd (replicas with leader "
                     "election); default: the state dir. etcd credentials: EDGECERT_ETCD_USER and "
                     "EDGECERT_ETCD_PASSWORD (or _FILE)");
  command.add_option("--etcd-ca", flags.etcd_ca, "CA bundle that signs the etcd server certificates (TLS)");
  command.add_option("--etcd-cert", flags.etcd_cert, "Client certificate for etcd (TLS)");
  command.add_option("--etcd-key", flags.etcd_key, "Client key for etcd (TLS)");
  command.add_option("--api-rate", flags.api_rate,
                     "API requests allowed per period, REQUESTS/PERIOD (default 1200/5m, Cloudflare's limit; "
                     "lower it when other tools share the token)");
}

std::filesystem::path DefaultStateDir(const api::Environment& env, bool is_root) {
  if (is_root) return "/var/lib/edgecert";
  if (auto it = env.find("XDG_STATE_HOME"); it != env.end() && !it->second.empty()) {
    return std::filesystem::path(it->second) / "edgecert";
  }
  if (auto it = env.find("HOME"); it != env.end() && !it->second.empty()) {
    return std::filesystem::path(it->second) / ".local" / "state" / "edgecert";
  }
  return std::filesystem::path(".edgecert-state");
}

Result<std::unique_ptr<CommandWiring>> CommandWiring::Create(const CommonFlags& flags,
                                                             const std::string& manifest_dir, std::ostream& err,
                                                             WiringOptions wiring) {
  std::unique_ptr<CommandWiring> w(new CommandWiring());
  const api::Environment env = api::ProcessEnvironment();
  const std::filesystem::path state_dir =
      flags.state_dir.empty() ? DefaultStateDir(env, ::geteuid() == 0) : std::filesystem::path(flags.state_dir);
  w->state_dir_ = state_dir;
  // First, so a second writer is refused at once, before it loads anything.
  Status opened = w->OpenStore(flags, env, wiring);
  if (!opened.ok()) return opened;

  w->manifest_dir_ = manifest_dir;
  manifests::ManifestLoad load = wiring.load_manifests ? w->Reload() : manifests::ManifestLoad{};
  if (wiring.load_manifests && !load.ok()) {
    for (const auto& d : load.errors) err << d.Format() << "\n";
    if (!wiring.allow_failed_load) {
      return InvalidArgument(std::to_string(load.errors.size()) + " manifest error(s) in " + manifest_dir +
                             "; nothing was planned or changed");
    }
  }

  if (wiring.logger) {
    w->logger_ = wiring.logger;
  } else {
    // Logs go to stderr so stdout carries only the plan and the status lines.
    w->logger_ = spdlog::stderr_color_mt("edgecert-" + std::to_string(reinterpret_cast<std::uintptr_t>(w.get())));
    w->logger_->set_level(spdlog::level::warn);
  }

  api::ClientStackOptions options;
  options.transport.base_url = api::ResolveApiBaseUrl(flags.api_url, env);
  if (!flags.api_rate.empty()) {
    auto budget = api::ParseRateBudget(flags.api_rate);
    if (!budget.ok()) return budget.status();
    options.budget = *budget;
  }
  if (!wiring.instance.empty()) options.transport.user_agent += " (instance " + wiring.instance + ")";
  if (reconcile::EtcdElection* election = w->election_.get()) {
    options.write_gate = [election] {
      if (election->Leading()) return Status::Ok();
      return FailedPrecondition("instance " + election->instance() + " does not lead");
    };
  }
  api::ClientObserver& observer = wiring.observer != nullptr ? *wiring.observer : w->observer_;
  auto stack = api::ClientStack::Create(options, env, w->clock_, observer, w->logger_);
  if (!stack.ok()) return stack.status();
  w->stack_ = std::move(stack).value();

  auto inventory = reconcile::Inventory::Load(*w->store_);
  if (!inventory.ok()) return inventory.status();
  w->inventory_ = std::move(inventory).value();
  if (w->desired_ != nullptr) {
    // The first load ran before the inventory was open: hold it to the emptied-file rule now.
    manifests::ManifestLoad first;
    first.state = w->desired_;
    w->RefuseEmptiedFiles(first);
    if (!first.ok()) {
      w->desired_ = nullptr;
      for (const auto& d : first.errors) err << d.Format() << "\n";
      if (!wiring.allow_failed_load) {
        return InvalidArgument(std::to_string(first.errors.size()) + " manifest error(s) in " + manifest_dir +
                               "; nothing was planned or changed");
      }
    }
  }
  w->actual_ = std::make_unique<reconcile::ActualState>(w->stack_->client(), w->clock_, wiring.list_max_age);
  w->scopes_ = std::make_unique<reconcile::ScopeDirectory>(w->stack_->client());
  w->reconcilers_ = reconcile::MakeReconcilers();
  return w;
}

manifests::ManifestLoad CommandWiring::Reload() {
  manifests::ManifestLoader loader(clock_);
  manifests::ManifestLoad load = loader.Load(manifest_dir_);
  RefuseEmptiedFiles(load);
  if (load.ok()) desired_ = load.state;
  return load;
}

void CommandWiring::RefuseEmptiedFiles(manifests::ManifestLoad& load) const {
  if (!load.ok() || inventory_ == nullptr) return;
  std::vector<manifests::Diagnostic> errors =
      reconcile::CheckEmptiedManifestFiles(*load.state, *inventory_, manifest_dir_);
  if (errors.empty()) return;
  load.errors = std::move(errors);
  load.state = nullptr;
}

reconcile::ReconcileContext CommandWiring::Context() {
  return reconcile::ReconcileContext{*desired_, stack_->client(), *actual_, *scopes_, *inventory_,
                                     status_,   clock_,           *logger_, options_};
}

}  // namespace edgecert::daemon
