// Three `edgecert run` replicas on one etcd state against one emulator: exactly one leads; kill -9 of
// the leader while packs converge hands over with no duplicate and nothing lost (also with one member
// of a three-member etcd gone); a leader SIGSTOPped past its lease writes nothing after SIGCONT (the
// emulator's history names each write's instance); etcd down pauses writes and etcd back resumes them.
// 300 packs converge while the leader is killed. Short leases (3 s) keep it quick. Every wait polls an
// observable with a deadline. The fixture is ha_fixture.h; the SIGTERM handover is ha_handover_test.cc.
#include <gmock/gmock.h>
#include <signal.h>

#include "reconcile/state/etcd/etcd_state_store.h"
#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "tests/daemon_e2e/ha_fixture.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;

std::string Binary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

TEST_F(HaTest, KillingTheLeaderHandsOverWithoutDuplicatesAlsoWithAnEtcdMemberDown) {
  StartEtcd(3);
  StartBigEmulator();
  const std::vector<Pack> packs = HaPacks(300);
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
  WriteManifests(ManifestsYaml(HaPacks(100)));
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
  WriteManifests(ManifestsYaml(HaPacks(130)));
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
  WriteManifests(ManifestsYaml(HaPacks(5)));
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
  WriteManifests(ManifestsYaml(HaPacks(8)));
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
    o.key = {manifests::Kind::kCertificatePack, "www"};
    o.remote_id = "pack-1";
    o.scope_id = "zone-1";
    ASSERT_TRUE((*inventory)->Put(o).ok());
    ASSERT_TRUE((*inventory)
                    ->RecordIntent({{manifests::Kind::kCertificatePack, "api"},
                                    "zone-1",
                                    "api.example.com",
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
