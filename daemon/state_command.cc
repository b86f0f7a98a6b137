// `edgecert state migrate --from DIR|etcd://... --to etcd://...|DIR [--force]`: copies the ownership
// inventory (objects and create intents) between a state dir and an etcd prefix. It writes as the one
// writer of both sides: it takes a state dir's lock, and on etcd it must win the election (so no run
// replica may be running). A target that already holds records is refused unless --force.
#include <iostream>
#include <memory>
#include <string>

#include "api/client/credentials.h"
#include "daemon/command_wiring.h"
#include "daemon/commands.h"

namespace edgecert::daemon {
namespace {

constexpr char kCommand[] = "edgecert state migrate";

// One side of the copy: a store and what keeps it exclusive (released when it goes: the lock closes,
// the etcd lease is revoked).
struct Side {
  Side() = default;
  Side(Side&&) = default;
  Side& operator=(Side&&) = default;
  ~Side() {
    if (election) (void)election->Resign();
  }

  std::unique_ptr<reconcile::EtcdClient> etcd;
  std::unique_ptr<reconcile::EtcdElection> election;
  std::unique_ptr<reconcile::StateStore> store;
};

Result<Side> Open(const std::string& where, const CommonFlags& tls, const api::Environment& env) {
  Side side;
  if (!reconcile::IsEtcdUrl(where)) {
    auto store = reconcile::FileStateStore::OpenLocked(where, kCommand);
    if (!store.ok()) return store.status();
    side.store = std::move(store).value();
    return side;
  }
  auto connection = reconcile::ParseEtcdUrl(where);
  if (!connection.ok()) return connection.status();
  connection->ca_file = tls.etcd_ca;
  connection->cert_file = tls.etcd_cert;
  connection->key_file = tls.etcd_key;
  Status credentials = reconcile::LoadEtcdCredentials(env, *connection);
  if (!credentials.ok()) return credentials;
  auto client = reconcile::EtcdClient::Create(*connection);
  if (!client.ok()) return client.status();
  side.etcd = std::move(client).value();
  reconcile::ElectionOptions options;
  options.instance = std::string(kCommand) + " (instance " + CommandWiring::DefaultInstance() + ")";
  side.election = std::make_unique<reconcile::EtcdElection>(*side.etcd, side.etcd->connection().prefix, options);
  auto view = side.election->Step();
  if (!view.ok()) return view.status().WithContext("campaign for " + where);
  if (!view->leading) {
    (void)side.election->Resign();
    return FailedPrecondition(where + " is led by " + view->leader + "; stop every edgecert using it first");
  }
  side.store = std::make_unique<reconcile::EtcdStateStore>(*side.etcd, side.election.get());
  return side;
}

int Migrate(const std::string& from, const std::string& to, const CommonFlags& tls, bool force) {
  const api::Environment env = api::ProcessEnvironment();
  auto source = Open(from, tls, env);
  if (!source.ok()) {
    std::cerr << "edgecert state migrate: --from " << from << ": " << source.status().message() << "\n";
    return 1;
  }
  auto target = Open(to, tls, env);
  if (!target.ok()) {
    std::cerr << "edgecert state migrate: --to " << to << ": " << target.status().message() << "\n";
    return 1;
  }
  auto records = source->store->LoadRecords();
  auto existing = target->store->LoadRecords();
  if (!records.ok() || !existing.ok()) {
    std::cerr << "edgecert state migrate: " << (records.ok() ? existing.status() : records.status()).message() << "\n";
    return 1;
  }
  if (!force && !(existing->objects.empty() && existing->intents.empty())) {
    std::cerr << "edgecert state migrate: " << target->store->Describe() << " already holds "
              << existing->objects.size() << " object(s) and " << existing->intents.size()
              << " intent(s); refusing to overwrite them (--force replaces them with the source's)\n";
    return 1;
  }
  Status written = target->store->CommitRecords(*existing, *records);
  if (!written.ok()) {
    std::cerr << "edgecert state migrate: " << written.message() << "\n";
    return 1;
  }
  std::cout << "Copied " << records->objects.size() << " object(s) and " << records->intents.size()
            << " create intent(s) from " << source->store->Describe() << " to " << target->store->Describe()
            << ".\n";
  return 0;
}

}  // namespace

void RegisterStateCommand(CLI::App& app, int& exit_code) {
  auto* state = app.add_subcommand("state", "Work on the ownership inventory");
  state->require_subcommand(1);
  auto* migrate = state->add_subcommand("migrate", "Copy the inventory between a state dir and etcd");
  struct Flags {
    std::string from, to;
    bool force = false;
    CommonFlags tls;
  };
  auto f = std::make_shared<Flags>();
  migrate->add_option("--from", f->from, "Source: a state dir or etcd://HOST:PORT[,...]/PREFIX")->required();
  migrate->add_option("--to", f->to, "Target: etcd://HOST:PORT[,...]/PREFIX or a state dir")->required();
  migrate->add_flag("--force", f->force, "Replace what the target already holds");
  migrate->add_option("--etcd-ca", f->tls.etcd_ca, "CA bundle that signs the etcd server certificates (TLS)");
  migrate->add_option("--etcd-cert", f->tls.etcd_cert, "Client certificate for etcd (TLS)");
  migrate->add_option("--etcd-key", f->tls.etcd_key, "Client key for etcd (TLS)");
  migrate->callback([f, &exit_code] { exit_code = Migrate(f->from, f->to, f->tls, f->force); });
}

}  // namespace edgecert::daemon
