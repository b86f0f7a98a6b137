// Drift made outside git is restored at the periodic resync: a pack deleted behind the daemon's back
// (a plain API DELETE), or every object dropped by the emulator's admin reset.
#include <gmock/gmock.h>

#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

class DriftTest : public DaemonE2eTest {};

TEST_F(DriftTest, APackDeletedBehindItsBackIsRestoredAtResync) {
  StartEmulator();
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com"}}, {"net", {"example.net"}, "example-net"}}));
  StartDaemon({"--resync", "2s"});
  ASSERT_TRUE(WaitFor("two packs Ready", [&] { return AllReady(2); }));
  const std::string key = HostKey({"example.com", "www.example.com"});
  const std::string old_id = LivePacks()[key].at(0);

  HttpAnswer deleted = Api("DELETE", "/zones/" + ZoneId("example.com") + "/ssl/certificate_packs/" + old_id);
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  ASSERT_EQ(LivePacks().count(key), 0u);

  ASSERT_TRUE(WaitFor("the pack ordered again and active", [&] {
    auto live = LivePacks();
    return live.count(key) == 1 && live[key].at(0) != old_id && AllReady(2);
  }));
  auto live = LivePacks();
  EXPECT_EQ(live.size(), 2u);
  EXPECT_EQ(live[key].size(), 1u);
  EXPECT_EQ(live["example.net"].size(), 1u);
  int orders = 0;
  const web::json::value creates = History(0, "certificate_pack");
  for (const auto& e : creates.as_array()) orders += e.at("action").as_string() == "create";
  EXPECT_EQ(orders, 3);  // two at the start, one to restore
}

TEST_F(DriftTest, AnAccountEmptiedByTheEmulatorIsRebuiltAtResync) {
  StartEmulator();
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com"}}, {"net", {"example.net"}, "example-net"}}));
  StartDaemon({"--resync", "2s"});
  ASSERT_TRUE(WaitFor("two packs Ready", [&] { return AllReady(2); }));

  ASSERT_EQ(Http(admin_url_, "POST", "/__emulator/reset").status, 200);
  ASSERT_TRUE(LivePacks().empty());
  ASSERT_TRUE(WaitFor("both packs back and active", [&] { return LivePacks().size() == 2 && AllReady(2); }));
  for (const auto& [hosts, ids] : LivePacks()) EXPECT_EQ(ids.size(), 1u) << hosts;
}

}  // namespace
}  // namespace edgecert::testing
