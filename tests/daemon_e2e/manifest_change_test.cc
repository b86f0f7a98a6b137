// Desired-state changes while the daemon runs: an edit is picked up through inotify (no signal) and
// reaches the API; a broken manifest keeps the last good state in force and says so on /readyz, /status
// and /metrics, and nothing is deleted because of it; fixing it resumes.
#include <gmock/gmock.h>

#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;

class ManifestChangeTest : public DaemonE2eTest {};

TEST_F(ManifestChangeTest, AnEditIsPickedUpWithoutASignalAndChangesTheApi) {
  StartEmulator();
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com"}}}));
  StartDaemon();
  ASSERT_TRUE(WaitFor("www Ready", [&] { return AllReady(1); }));
  const std::string old_id = LivePacks()[HostKey({"example.com", "www.example.com"})].at(0);

  // A host added to the pack (a new pack replaces it) and a second pack, in one save.
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com", "shop.example.com"}},
                                {"net", {"example.net"}, "example-net"}}));
  ASSERT_TRUE(WaitFor("the replacement and the new pack active, the old pack gone", [&] {
    auto live = LivePacks();
    return live.size() == 2 && live.count(HostKey({"example.com", "www.example.com", "shop.example.com"})) == 1 &&
           live.count("example.net") == 1 && AllReady(2);
  }));
  auto live = LivePacks();
  EXPECT_EQ(live[HostKey({"example.com", "www.example.com", "shop.example.com"})].size(), 1u);
  EXPECT_EQ(live["example.net"].size(), 1u);
  // The old pack was deleted only after its replacement was active.
  web::json::value history = History(0, "certificate_pack");
  std::int64_t old_deleted = 0, new_active = 0;
  for (const auto& e : history.as_array()) {
    if (e.at("action").as_string() == "delete" && e.at("id").as_string() == old_id) {
      old_deleted = e.at("at_unix_ms").as_number().to_int64();
    }
  }
  const web::json::value state = EmulatorState();
  for (const auto& e : state.at("zones").as_object()) {
    for (const auto& p : e.second.at("certificate_packs").as_array()) {
      if (p.at("hosts").size() == 3 && p.has_field("active_at") && p.at("active_at").is_string()) new_active = 1;
    }
  }
  EXPECT_GT(old_deleted, 0) << "the old pack was not deleted";
  EXPECT_EQ(new_active, 1);
  EXPECT_EQ(Metrics()["edgecert_manifest_load_errors_total"], 0);
}

TEST_F(ManifestChangeTest, ABrokenManifestKeepsTheLastGoodStateAndSaysSoUntilFixed) {
  StartEmulator();
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com"}}, {"net", {"example.net"}, "example-net"}}));
  StartDaemon({"--resync", "2s"});
  ASSERT_TRUE(WaitFor("two packs Ready", [&] { return AllReady(2); }));
  ASSERT_EQ(Ops("/readyz").status, 200);
  const std::uint64_t before = LastHistorySeq();

  // Broken: the pack "net" lost its spec; the file set as a whole fails to load.
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com"}}}) +
                 "---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: net}\n");
  ASSERT_TRUE(WaitFor("the metric reports the failed load",
                      [&] { return Metrics()["edgecert_manifest_last_load_successful"] == 0; }));
  auto m = Metrics();
  EXPECT_EQ(m["edgecert_manifest_load_errors_total"], 1);
  auto status = Status();
  ASSERT_TRUE(status);
  EXPECT_NE(status->at("daemon").at("last_load_error").as_string(), "");
  HttpAnswer ready = Ops("/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_THAT(ready.body, HasSubstr("manifest"));

  // A whole resync later the last good state is still in force: nothing deleted, nothing written.
  const double broken_at = m["edgecert_last_successful_sync_timestamp_seconds"];
  ASSERT_TRUE(WaitFor("a resync after the failed load", [&] {
    return Metrics()["edgecert_last_successful_sync_timestamp_seconds"] > broken_at;
  }));
  EXPECT_EQ(History(before).size(), 0u) << History(before).serialize();
  EXPECT_EQ(LivePacks().size(), 2u);
  EXPECT_TRUE(AllReady(2));

  // Fixed, with one more pack: loaded, reported good, and applied.
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com"}},
                                {"net", {"example.net"}, "example-net"},
                                {"api", {"example.com", "api.example.com"}}}));
  ASSERT_TRUE(WaitFor("three packs Ready after the fix", [&] { return AllReady(3); }));
  m = Metrics();
  EXPECT_EQ(m["edgecert_manifest_last_load_successful"], 1);
  EXPECT_EQ(m["edgecert_manifest_load_errors_total"], 1);
  EXPECT_EQ(Ops("/readyz").status, 200);
  EXPECT_EQ(Status()->at("daemon").at("last_load_error").as_string(), "");
  EXPECT_EQ(LivePacks().size(), 3u);
}

}  // namespace
}  // namespace edgecert::testing
