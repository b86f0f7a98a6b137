// `edgecert run` as a process: converge from empty against an emulator process on a fast clock, pick up
// a changed manifest (inotify and SIGHUP), keep the last good state when a manifest breaks (and /readyz
// and the metric say so), and exit 0 on SIGTERM with the inventory saved. Waits are on the daemon's log
// lines (read from its stderr), never sleeps.
#include <gtest/gtest.h>
#include <signal.h>

#include <cpprest/http_client.h>

#include <fstream>
#include <set>
#include <sstream>

#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "tests/fakes/child_process.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/core_e2e/core_fixture.h"

namespace edgecert::testing {
namespace {

constexpr char kToken[] = "CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token";

class RunProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{EdgecertBinary(), "emulator", "--listen", "127.0.0.1:0", "--time-scale", "1000"},
        std::vector<std::string>{}, ChildProcess::Capture::kStdout);
    std::string line = emulator_->ReadLineWith("/client/v4");
    auto start = line.find("http://");
    ASSERT_NE(start, std::string::npos) << "emulator did not start";
    api_url_ = line.substr(start);
    while (!api_url_.empty() && std::isspace(static_cast<unsigned char>(api_url_.back()))) api_url_.pop_back();
  }

  void WriteManifests(const std::vector<PackSpec>& packs) {
    std::string text = ReconcileHarness::ScopesYaml();
    for (const auto& p : packs) text += "---\n" + PackYaml(p);
    dir_.WriteFile("manifests.yaml", text);
  }

  std::filesystem::path StateDir() const { return dir_.state_dir() / "run"; }

  std::unique_ptr<ChildProcess> StartRun(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{EdgecertBinary(), "run",       dir_.manifest_dir().string(), "--api-url", api_url_,
                                  "--state-dir",    StateDir().string(), "--poll", "1s", "--log-level", "debug",
                                  "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    return std::make_unique<ChildProcess>(args, std::vector<std::string>{kToken}, ChildProcess::Capture::kStderr);
  }

  // Live packs per zone apex as the emulator holds them: host-set key -> id.
  std::map<std::string, std::string> LivePacks() {
    std::string base = api_url_.substr(0, api_url_.find("/client/v4"));
    web::http::client::http_client client(base);
    web::json::value body = client.request(web::http::methods::GET, "/__emulator/state").get().extract_json().get();
    web::json::value state = body.has_field("result") ? body.at("result") : body;
    std::map<std::string, std::string> out;
    for (const auto& [zone_id, zone] : state.at("zones").as_object()) {
      for (const auto& pack : zone.at("certificate_packs").as_array()) {
        if (pack.at("status").as_string() == "deleted") continue;
        std::set<std::string> hosts;
        for (const auto& h : pack.at("hosts").as_array()) hosts.insert(h.as_string());
        std::string key;
        for (const auto& h : hosts) key += h + ",";
        out[key] = pack.at("id").as_string();
      }
    }
    return out;
  }

  // The operator endpoint's base URL, from the daemon's start line.
  static std::string OpsUrl(ChildProcess& run) {
    std::string line = run.ReadLineWith("operator endpoints on ");
    auto start = line.find("http://");
    if (start == std::string::npos) return "";
    auto end = line.find(',', start);
    return line.substr(start, end - start);
  }

  static std::pair<int, std::string> Get(const std::string& base, const std::string& path) {
    web::http::client::http_client client(base);
    auto response = client.request(web::http::methods::GET, path).get();
    return {response.status_code(), response.extract_string().get()};
  }

  ReconcileHarness dir_;  // for its temp manifest and state dirs
  std::unique_ptr<ChildProcess> emulator_;
  std::string api_url_;
};

TEST_F(RunProcessTest, ConvergesFromEmptyAndSigtermExitsZeroWithTheInventorySaved) {
  WriteManifests({{"www", {"example.com", "www.example.com"}},
                  {"net", {"example.net"}, "google", 90, "txt", "", "example-net"}});
  auto run = StartRun();
  ASSERT_TRUE(run->started());
  ASSERT_NE(run->ReadLineWith("CertificatePack/www zone=example-com id="), "") << run->transcript();
  // Both packs reach active; the log says so once per pack, with kind, name, zone and remote id.
  std::set<std::string> ready;
  while (ready.size() < 2) {
    std::string line = run->ReadLineWith("Ready (active)");
    ASSERT_NE(line, "") << run->transcript();
    if (line.find("CertificatePack/www zone=example-com id=") != std::string::npos) ready.insert("www");
    if (line.find("CertificatePack/net zone=example-net id=") != std::string::npos) ready.insert("net");
  }

  run->Signal(SIGTERM);
  EXPECT_NE(run->ReadLineWith("stopped; inventory saved"), "") << run->transcript();
  EXPECT_EQ(run->Wait(), 0) << run->transcript();

  auto live = LivePacks();
  ASSERT_EQ(live.size(), 2u);
  auto store = reconcile::FileStateStore::Open(StateDir());
  ASSERT_TRUE(store.ok());
  auto inventory = reconcile::Inventory::Load(**store);
  ASSERT_TRUE(inventory.ok());
  std::set<std::string> owned, remote;
  for (const auto& o : (*inventory)->Objects()) owned.insert(o.remote_id);
  for (const auto& [hosts, id] : live) remote.insert(id);
  EXPECT_EQ(owned, remote);
  EXPECT_TRUE((*inventory)->Intents().empty());
}

TEST_F(RunProcessTest, JsonLogLinesCarryKindNameZoneAndRemoteIdAsFields) {
  WriteManifests({{"www", {"example.com", "www.example.com"}}});
  auto run = StartRun({"--log-format", "json"});
  ASSERT_TRUE(run->started());
  const std::string line = run->ReadLineWith("Ready (active)");
  ASSERT_NE(line, "") << run->transcript();
  web::json::value v = web::json::value::parse(line);
  EXPECT_EQ(v.at("kind").as_string(), "CertificatePack");
  EXPECT_EQ(v.at("name").as_string(), "www");
  EXPECT_EQ(v.at("zone").as_string(), "example-com");
  run->Signal(SIGTERM);
  EXPECT_EQ(run->Wait(), 0) << run->transcript();
  auto live = LivePacks();
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(v.at("remote_id").as_string(), live.begin()->second);
}

TEST_F(RunProcessTest, TextLogLevelsAreColouredWithColorAlwaysAndNeverOnAPipe) {
  WriteManifests({});
  for (const bool always : {true, false}) {
    auto run = always ? StartRun({"--color", "always"}) : StartRun();
    ASSERT_TRUE(run->started());
    const std::string line = run->ReadLineWith("operator endpoints on ");
    ASSERT_NE(line, "") << run->transcript();
    if (always) {
      EXPECT_NE(line.find("\033[32minfo"), std::string::npos) << line;
    } else {
      EXPECT_EQ(line.find('\033'), std::string::npos) << line;  // stderr is a pipe: auto gives plain text
    }
    run->Signal(SIGTERM);
    EXPECT_EQ(run->Wait(), 0) << run->transcript();
  }
}

TEST_F(RunProcessTest, ChangesArePickedUpAndABrokenManifestKeepsTheLastGoodState) {
  WriteManifests({{"www", {"example.com", "www.example.com"}}});
  auto run = StartRun();
  const std::string ops = OpsUrl(*run);
  ASSERT_NE(ops, "") << run->transcript();
  ASSERT_NE(run->ReadLineWith("CertificatePack/www zone=example-com id="), "") << run->transcript();
  ASSERT_NE(run->ReadLineWith("Ready (active)"), "") << run->transcript();
  EXPECT_EQ(Get(ops, "/healthz").first, 200);

  // Broken: the load fails (seen by the watch), is reported, nothing is pruned, /readyz says so.
  dir_.WriteFile("manifests.yaml", "apiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: x}\n");
  ASSERT_NE(run->ReadLineWith("the last good desired state stays in force"), "") << run->transcript();
  auto ready = Get(ops, "/readyz");
  EXPECT_EQ(ready.first, 503);
  EXPECT_NE(ready.second.find("manifest load failed"), std::string::npos) << ready.second;
  auto metrics = Get(ops, "/metrics").second;
  EXPECT_NE(metrics.find("edgecert_manifest_last_load_successful 0"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("edgecert_manifest_load_errors_total 1"), std::string::npos) << metrics;
  auto status = Get(ops, "/status");
  EXPECT_EQ(status.first, 200);
  EXPECT_NE(status.second.find("\"last_load_error\":\"1 manifest error"), std::string::npos) << status.second;

  // Fixed, with one more pack: picked up by the watch and applied.
  WriteManifests({{"www", {"example.com", "www.example.com"}}, {"api", {"example.com", "api.example.com"}}});
  ASSERT_NE(run->ReadLineWith("CertificatePack/api zone=example-com id="), "") << run->transcript();
  // SIGHUP reloads too (nothing changed now).
  run->Signal(SIGHUP);
  ASSERT_NE(run->ReadLineWith("manifests reloaded: unchanged"), "") << run->transcript();
  metrics = Get(ops, "/metrics").second;
  EXPECT_NE(metrics.find("edgecert_manifest_last_load_successful 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("edgecert_reconciles_total{kind=\"CertificatePack\",result=\"requeue\"}"), std::string::npos)
      << metrics;
  run->Signal(SIGTERM);
  EXPECT_EQ(run->Wait(), 0) << run->transcript();
  EXPECT_EQ(LivePacks().size(), 2u);
}

}  // namespace
}  // namespace edgecert::testing
