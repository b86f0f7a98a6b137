// Three `edgecert run` replicas on one etcd state against one emulator: exactly one leads; kill -9 of
// the leader while packs converge hands over with no duplicate and nothing lost (also with one member
// of a three-member etcd gone); a leader SIGSTOPped past its lease writes nothing after SIGCONT (the
// emulator's history names each write's instance); etcd down pauses writes and etcd back resumes them.
// Short leases (3 s) keep it quick. Every wait polls an observable with a deadline.
#include <gmock/gmock.h>
#include <signal.h>

#include <fstream>

#include "reconcile/state/etcd/etcd_state_store.h"
#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "tests/daemon_e2e/e2e_fixture.h"
#include "tests/daemon_e2e/etcd_cluster.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kToken[] = "CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token";

std::string Binary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

std::vector<Pack> Packs(int count, int first = 0) {
  std::vector<Pack> packs;
  for (int i = first; i < first + count; ++i) {
    const std::string n = "p" + std::to_string(i);
    packs.push_back({n, {"example.com", n + ".example.com"}});
  }
  return packs;
}

struct Replica {
  std::string instance;
  std::string ops_url;
  std::unique_ptr<LoggedProcess> process;
};

class HaTest : public DaemonE2eTest {
 protected:
  void StartEtcd(int members) {
    if (EtcdCluster::Binary().empty()) GTEST_SKIP() << "etcd is not installed (scripts/deps.sh)";
    etcd_ = std::make_unique<EtcdCluster>(dir_.path(), members);
    ASSERT_TRUE(etcd_->ready()) << etcd_->Logs();
  }

  // The emulator with room for hundreds of packs in example.com and no rate limit, on a fast clock.
  void StartBigEmulator() {
    const auto config = dir_.path() / "emulator.yaml";
    std::ofstream(config) << "accounts:\n  - name: Emulator Account\nzones:\n"
                             "  - {name: example.com, account: Emulator Account, advanced_pack_quota: 500}\n"
                             "  - {name: example.net, account: Emulator Account, advanced_pack_quota: 500}\n"
                             "rate_limit: {requests: 0, window_seconds: 300}\n"
                             "credentials:\n  - {name: edit, token: edgecert-emulator-edit-token, permission: edit, "
                             "accounts: [\"*\"], zones: [\"*\"]}\n";
    StartEmulator({"--time-scale", "200", "--config", config.string()});
  }

  std::string StateStore() const { return "etcd://" + etcd_->Endpoints() + "/edgecert/ha"; }

  void StartReplica(int i) {
    Replica r;
    r.instance = "r" + std::to_string(i);
    r.ops_url = "http://127.0.0.1:" + std::to_string(FreePort());
    std::vector<std::string> args{Binary(), "run", manifest_dir().string(), "--api-url", api_url(),
                                  "--state-store", StateStore(), "--instance", r.instance,
                                  "--listen", r.ops_url.substr(7), "--poll", "1s", "--workers", "8",
                                  "--lease-duration", "3s", "--renew-deadline", "2s", "--retry-period", "500ms",
                                  "--drain-timeout", "5s", "--log-level", "debug"};
    r.process = std::make_unique<LoggedProcess>(args, std::vector<std::string>{kToken},
                                                dir_.path() / (r.instance + "-" + std::to_string(++starts_) + ".log"));
    if (replicas_.size() <= static_cast<std::size_t>(i)) replicas_.resize(i + 1);
    replicas_[i] = std::move(r);
  }

  // The role a replica reports on /status ("" when it does not answer).
  std::string Role(int i) {
    HttpAnswer a = Http(replicas_[i].ops_url, "GET", "/status");
    if (a.status != 200) return "";
    try {
      return web::json::value::parse(a.body).at("daemon").at("role").as_string();
    } catch (const std::exception&) {
      return "";
    }
  }

  // The one replica that says it leads while every other live one follows, or -1.
  int Leader(const std::set<int>& down = {}) {
    int leader = -1;
    for (int i = 0; i < static_cast<int>(replicas_.size()); ++i) {
      if (down.count(i) != 0) continue;
      const std::string role = Role(i);
      if (role == "leader") {
        if (leader != -1) return -1;
        leader = i;
      } else if (role != "follower") {
        return -1;
      }
    }
    return leader;
  }

  bool Converged(std::size_t packs) {
    auto live = LivePacks();
    if (live.size() != packs) return false;
    for (const auto& [hosts, ids] : live) {
      if (ids.size() != 1) return false;
    }
    return true;
  }

  void ExpectNoDuplicateNoneLost(std::size_t packs) {
    auto live = LivePacks();
    EXPECT_EQ(live.size(), packs);
    for (const auto& [hosts, ids] : live) EXPECT_EQ(ids.size(), 1u) << "duplicate packs for " << hosts;
    int creates = 0;
    const web::json::value history = History(0, "certificate_pack");
    for (const auto& e : history.as_array()) creates += e.at("action").as_string() == "create";
    EXPECT_EQ(creates, static_cast<int>(packs)) << "a pack was ordered twice";
  }

  std::string Logs() {
    std::string out;
    for (auto& r : replicas_) {
      if (r.process) out += "---- " + r.instance + " ----\n" + r.process->Log().substr(0, 20000);
    }
    return out;
  }

  void TearDown() override {
    if (HasFailure()) std::cerr << Logs() << (etcd_ ? etcd_->Logs() : "");
    replicas_.clear();
    etcd_.reset();
    DaemonE2eTest::TearDown();
  }

  std::unique_ptr<EtcdCluster> etcd_;
  std::vector<Replica> replicas_;
  int starts_ = 0;
};

TEST_F(HaTest, KillingTheLeaderHandsOverWithoutDuplicatesAlsoWithAnEtcdMemberDown) {
  StartEtcd(3);
  StartBigEmulator();
  const std::vector<Pack> packs = Packs(150);
  WriteManifests(ManifestsYaml(packs));
  for (int i = 0; i < 3; ++i) StartReplica(i);
  int leader = -1;
  ASSERT_TRUE(WaitFor("exactly one leader", [&] { return (leader = Leader()) >= 0; })) << Logs();
  etcd_->Kill(2);  // a three-member etcd keeps its quorum with two

  ASSERT_TRUE(WaitFor("the first orders", [&] { return History(0, "certificate_pack").size() >= 20; }));
  replicas_[leader].process->Signal(SIGKILL);
  replicas_[leader].process->WaitExit(std::chrono::seconds(10));
  const int old = leader;
  ASSERT_TRUE(WaitFor("another leader", [&] { return (leader = Leader({old})) >= 0 && leader != old; },
                      std::chrono::seconds(30)))
      << Logs();
  ASSERT_TRUE(WaitFor("every pack ordered once", [&] { return Converged(packs.size()); }, std::chrono::seconds(60)))
      << Logs();
  ExpectNoDuplicateNoneLost(packs.size());
}

TEST_F(HaTest, ALeaderStoppedPastItsLeaseWritesNothingAfterItWakes) {
  StartEtcd(1);
  StartBigEmulator();
  WriteManifests(ManifestsYaml(Packs(100)));
  for (int i = 0; i < 3; ++i) StartReplica(i);
  int leader = -1;
  ASSERT_TRUE(WaitFor("exactly one leader", [&] { return (leader = Leader()) >= 0; })) << Logs();
  ASSERT_TRUE(WaitFor("the first orders", [&] { return History(0, "certificate_pack").size() >= 10; }));

  const int old = leader;
  replicas_[old].process->Signal(SIGSTOP);
  ASSERT_TRUE(WaitFor("another leader", [&] { return (leader = Leader({old})) >= 0 && leader != old; },
                      std::chrono::seconds(30)))
      << Logs();
  // More work for whoever believes it leads, then wake the old leader.
  WriteManifests(ManifestsYaml(Packs(130)));
  const std::uint64_t woke_at = LastHistorySeq();
  replicas_[old].process->Signal(SIGCONT);
  ASSERT_TRUE(WaitFor("the old leader follows", [&] { return Role(old) == "follower"; })) << Logs();
  ASSERT_TRUE(WaitFor("every pack ordered once", [&] { return Converged(130); }, std::chrono::seconds(60))) << Logs();

  const std::string old_agent = "(instance " + replicas_[old].instance + ")";
  int old_writes_before = 0;
  const web::json::value history = History(0);
  for (const auto& e : history.as_array()) {
    const bool from_old = e.at("user_agent").as_string().find(old_agent) != std::string::npos;
    if (from_old && e.at("seq").as_number().to_uint64() > woke_at) ADD_FAILURE() << "write after waking: " << e.serialize();
    old_writes_before += from_old;
  }
  EXPECT_GT(old_writes_before, 0) << "the old leader wrote nothing at all; the test proves nothing";
  ExpectNoDuplicateNoneLost(130);
}

TEST_F(HaTest, EtcdDownPausesWritesAndEtcdBackResumesThem) {
  StartEtcd(1);
  StartBigEmulator();
  WriteManifests(ManifestsYaml(Packs(5)));
  for (int i = 0; i < 2; ++i) StartReplica(i);
  ASSERT_TRUE(WaitFor("exactly one leader", [&] { return Leader() >= 0; })) << Logs();
  ASSERT_TRUE(WaitFor("five packs", [&] { return Converged(5); })) << Logs();

  etcd_->Kill(0);
  ASSERT_TRUE(WaitFor("every replica says etcd is unreachable", [&] {
    for (auto& r : replicas_) {
      HttpAnswer ready = Http(r.ops_url, "GET", "/readyz");
      if (ready.status != 503 || ready.body.find("etcd unreachable") == std::string::npos) return false;
    }
    return true;
  })) << Logs();
  ASSERT_TRUE(WaitFor("no replica leads", [&] { return Role(0) != "leader" && Role(1) != "leader"; })) << Logs();
  const std::uint64_t paused_at = LastHistorySeq();
  WriteManifests(ManifestsYaml(Packs(8)));
  ASSERT_TRUE(WaitFor("both replicas loaded the change", [&] {
    for (auto& r : replicas_) {
      if (r.process->Log().find("reloading the manifests") == std::string::npos) return false;
    }
    return true;
  })) << Logs();
  EXPECT_EQ(History(paused_at).size(), 0u) << "a write while etcd was down";

  ASSERT_TRUE(etcd_->Restart(0)) << etcd_->Logs();
  ASSERT_TRUE(WaitFor("writes resume", [&] { return Converged(8); }, std::chrono::seconds(60))) << Logs();
  ExpectNoDuplicateNoneLost(8);
  EXPECT_EQ(Http(replicas_[0].ops_url, "GET", "/readyz").status, 200);
}

TEST_F(HaTest, StateMigrateCopiesBothWaysAndRefusesANonEmptyTarget) {
  StartEtcd(1);
  reconcile::InventoryRecords records;
  {
    auto store = reconcile::FileStateStore::Open(state_dir());
    ASSERT_TRUE(store.ok());
    auto inventory = reconcile::Inventory::Load(**store);
    ASSERT_TRUE(inventory.ok());
    reconcile::OwnedObject o;
    o.key = {"CertificatePack", "www"};
    o.remote_id = "pack-1";
    o.scope_id = "zone-1";
    ASSERT_TRUE((*inventory)->Put(o).ok());
    ASSERT_TRUE((*inventory)
                    ->RecordIntent({{"CertificatePack", "api"}, "zone-1", "api.example.com",
                                    std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000))})
                    .ok());
    records = (*inventory)->Snapshot();
  }
  auto migrate = [&](const std::string& from, const std::string& to, bool force) {
    std::vector<std::string> args{Binary(), "state", "migrate", "--from", from, "--to", to};
    if (force) args.push_back("--force");
    LoggedProcess p(args, {}, dir_.path() / ("migrate-" + std::to_string(++starts_) + ".log"));
    return CommandResult{p.WaitExit(std::chrono::seconds(30)).value_or(-1), p.Log()};
  };
  CommandResult to_etcd = migrate(state_dir().string(), StateStore(), false);
  ASSERT_EQ(to_etcd.exit_code, 0) << to_etcd.output;
  EXPECT_THAT(to_etcd.output, HasSubstr("Copied 1 object(s) and 1 create intent(s)"));

  auto connection = reconcile::ParseEtcdUrl(StateStore());
  ASSERT_TRUE(connection.ok());
  auto client = reconcile::EtcdClient::Create(*connection);
  ASSERT_TRUE(client.ok());
  reconcile::EtcdStateStore reader(**client, nullptr);
  auto in_etcd = reader.LoadRecords();
  ASSERT_TRUE(in_etcd.ok()) << in_etcd.status().ToString();
  EXPECT_EQ(*in_etcd, records);

  CommandResult again = migrate(state_dir().string(), StateStore(), false);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.output, HasSubstr("already holds 1 object(s) and 1 intent(s); refusing to overwrite"));
  EXPECT_EQ(migrate(state_dir().string(), StateStore(), true).exit_code, 0);

  const auto back = dir_.path() / "back";
  CommandResult to_dir = migrate(StateStore(), back.string(), false);
  ASSERT_EQ(to_dir.exit_code, 0) << to_dir.output;
  auto file = reconcile::FileStateStore::Open(back);
  ASSERT_TRUE(file.ok());
  auto in_file = (*file)->LoadRecords();
  ASSERT_TRUE(in_file.ok());
  EXPECT_EQ(*in_file, records);
}

}  // namespace
}  // namespace edgecert::testing
