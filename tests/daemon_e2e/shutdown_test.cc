// SIGTERM while reconciles are in flight: the daemon stops taking work, lets the calls finish, saves the
// inventory and exits 0; a restart adopts what was ordered and finishes without a duplicate. A second
// signal exits at once.
#include <gmock/gmock.h>
#include <signal.h>

#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

const std::vector<Pack> kPacks = {{"a", {"example.com", "a.example.com"}},
                                  {"b", {"example.com", "b.example.com"}},
                                  {"c", {"example.com", "c.example.com"}},
                                  {"d", {"example.com", "d.example.com"}},
                                  {"e", {"example.net", "e.example.net"}, "example-net"},
                                  {"f", {"example.net", "f.example.net"}, "example-net"}};

class ShutdownTest : public DaemonE2eTest {
 protected:
  int Orders() {
    int n = 0;
    const web::json::value creates = History(0, "certificate_pack");
    for (const auto& e : creates.as_array()) n += e.at("action").as_string() == "create";
    return n;
  }
};

TEST_F(ShutdownTest, SigtermDuringWorkExitsZeroWithTheInventorySavedAndARestartFinishes) {
  StartEmulator();
  // Slow calls, so that SIGTERM lands while reconciles are in flight.
  SetFaults(R"({"latency": [{"route": "*", "min_ms": 150, "max_ms": 300}]})");
  WriteManifests(ManifestsYaml(kPacks));
  StartDaemon({"--workers", "2"});
  ASSERT_TRUE(WaitFor("the first order", [&] { return Orders() >= 1; }));

  const auto exit_code = StopDaemon(SIGTERM);
  ASSERT_TRUE(exit_code.has_value()) << "no exit after SIGTERM";
  EXPECT_EQ(*exit_code, 0);
  EXPECT_THAT(DaemonLog(), ::testing::HasSubstr("inventory saved"));
  const int ordered = Orders();
  EXPECT_LT(ordered, static_cast<int>(kPacks.size())) << "the work was over before SIGTERM; nothing was tested";

  // Every pack the emulator holds is in the saved inventory; no create intent was left open.
  auto store = reconcile::FileStateStore::Open(state_dir());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto inventory = reconcile::Inventory::Load(**store);
  ASSERT_TRUE(inventory.ok()) << inventory.status().ToString();
  std::set<std::string> owned, remote;
  for (const auto& o : (*inventory)->Objects()) owned.insert(o.remote_id);
  for (const auto& [hosts, ids] : LivePacks()) remote.insert(ids.begin(), ids.end());
  EXPECT_EQ(owned, remote);
  EXPECT_TRUE((*inventory)->Intents().empty());

  // A restart finishes the rest, once each.
  SetFaults("{}");
  StartDaemon();
  ASSERT_TRUE(WaitFor("every pack Ready after the restart", [&] { return AllReady(kPacks.size()); }));
  auto live = LivePacks();
  EXPECT_EQ(live.size(), kPacks.size());
  for (const auto& p : kPacks) EXPECT_EQ(live[HostKey(p.hosts)].size(), 1u) << HostKey(p.hosts);
  EXPECT_EQ(Orders(), static_cast<int>(kPacks.size()));
  EXPECT_EQ(StopDaemon(SIGTERM), std::optional<int>(0));
}

TEST_F(ShutdownTest, ASecondSignalExitsAtOnce) {
  StartEmulator();
  // Calls that take long enough that the drain would still be waiting.
  SetFaults(R"({"latency": [{"route": "*", "min_ms": 20000, "max_ms": 20000}]})");
  WriteManifests(ManifestsYaml(kPacks));
  StartDaemon({"--drain-timeout", "60s"});
  ASSERT_TRUE(WaitFor("a call in flight", [&] { return Metrics()["edgecert_api_requests_in_flight"] >= 1; }));
  daemon()->Signal(SIGTERM);
  ASSERT_TRUE(WaitFor("the drain started", [&] { return DaemonLog().find("stopping") != std::string::npos; }));
  daemon()->Signal(SIGTERM);
  const auto exit_code = daemon()->WaitExit(kDeadline);
  ASSERT_TRUE(exit_code.has_value());
  EXPECT_EQ(*exit_code, 1);  // the immediate exit, not the drain's 0
  // It did not wait for the slow call: the drain never finished.
  EXPECT_EQ(DaemonLog().find("stopped;"), std::string::npos) << DaemonLog();
  EXPECT_NE(DaemonLog().find("second signal"), std::string::npos) << DaemonLog();
}

TEST_F(ShutdownTest, ADrainThatTimesOutExitsNonZero) {
  StartEmulator();
  SetFaults(R"({"latency": [{"route": "*", "min_ms": 20000, "max_ms": 20000}]})");
  WriteManifests(ManifestsYaml(kPacks));
  StartDaemon({"--drain-timeout", "1s"});
  ASSERT_TRUE(WaitFor("a call in flight", [&] { return Metrics()["edgecert_api_requests_in_flight"] >= 1; }));
  const auto exit_code = StopDaemon(SIGTERM);
  ASSERT_TRUE(exit_code.has_value()) << "no exit after SIGTERM";
  EXPECT_EQ(*exit_code, 1);  // a supervisor can tell it from a clean stop
  EXPECT_NE(DaemonLog().find("exiting without them"), std::string::npos) << DaemonLog();
}

}  // namespace
}  // namespace edgecert::testing
