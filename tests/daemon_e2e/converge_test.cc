// The daemon converges an empty account to the manifests, and says so on every operator surface:
// /readyz, /healthz, /status, `edgecert status` (text and JSON) and /metrics.
#include <gmock/gmock.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;

const std::vector<Pack> kPacks = {{"www", {"example.com", "www.example.com"}},
                                  {"api", {"example.com", "api.example.com"}},
                                  {"net", {"example.net"}, "example-net"}};

class ConvergeTest : public DaemonE2eTest {
 protected:
  void Converge() {
    StartEmulator();
    WriteManifests(ManifestsYaml(kPacks));
    StartDaemon();
    ASSERT_TRUE(WaitFor("three packs Ready", [&] { return AllReady(3); }));
  }
};

TEST_F(ConvergeTest, FromEmptyEveryPackIsOrderedOnceAndBecomesActive) {
  Converge();
  auto live = LivePacks();
  EXPECT_EQ(live.size(), 3u);
  for (const auto& p : kPacks) EXPECT_EQ(live[HostKey(p.hosts)].size(), 1u) << HostKey(p.hosts);
  // Exactly one order per pack, whatever the polling did.
  EXPECT_EQ(History(0, "certificate_pack").size(), 3u);

  EXPECT_EQ(Ops("/readyz").status, 200);
  EXPECT_EQ(Ops("/healthz").status, 200);
  auto status = Status();
  ASSERT_TRUE(status);
  EXPECT_TRUE(status->at("daemon").at("ready").as_bool());
  EXPECT_THAT(status->at("daemon").at("desired_hash").as_string(), HasSubstr("sha256:"));
  EXPECT_EQ(status->at("summary").at("phases").at("Ready").as_integer(), 3);
  for (const auto& o : status->at("objects").as_array()) {
    EXPECT_EQ(o.at("kind").as_string(), "CertificatePack");
    EXPECT_EQ(o.at("remote_status").as_string(), "active");
    EXPECT_EQ(o.at("remote_id").as_string().size(), 32u);
    EXPECT_TRUE(o.at("expires_on").is_string());
    EXPECT_EQ(o.at("last_error").as_string(), "");
  }
}

TEST_F(ConvergeTest, StatusCommandPrintsTheRunningDaemon) {
  Converge();
  CommandResult text = RunEdgecert("status --server " + ops_url());
  EXPECT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr(": ready\n"));
  EXPECT_THAT(text.output, HasSubstr("3 objects: 3 Ready"));
  EXPECT_THAT(text.output, ::testing::ContainsRegex("CertificatePack +www +example-com +Ready +active"));
  EXPECT_THAT(text.output, ::testing::ContainsRegex("CertificatePack +net +example-net +Ready +active"));

  CommandResult json = RunEdgecert("status --output json --server " + ops_url());
  ASSERT_EQ(json.exit_code, 0) << json.output;
  web::json::value v = web::json::value::parse(json.output);
  EXPECT_EQ(v.at("objects").size(), 3u);
}

TEST_F(ConvergeTest, MetricsNameWhatHappened) {
  Converge();
  // Polled: the pass is over once every object is Ready, and the sync timestamp follows it.
  std::map<std::string, double> m;
  ASSERT_TRUE(WaitFor("a completed sync in /metrics", [&] {
    m = Metrics();
    return m["edgecert_last_successful_sync_timestamp_seconds"] > 0;
  }));
  EXPECT_EQ(m["edgecert_objects{kind=\"CertificatePack\",phase=\"Ready\"}"], 3);
  EXPECT_EQ(m["edgecert_objects{kind=\"CertificatePack\",phase=\"Failed\"}"], 0);
  EXPECT_EQ(m["edgecert_certificate_pack_status{name=\"www\",status=\"active\",zone=\"example-com\"}"], 1);
  EXPECT_EQ(m["edgecert_certificate_pack_status{name=\"net\",status=\"active\",zone=\"example-net\"}"], 1);
  EXPECT_EQ(m["edgecert_manifest_last_load_successful"], 1);
  EXPECT_GT(m["edgecert_manifest_last_load_success_timestamp_seconds"], 1.7e9);
  EXPECT_EQ(m["edgecert_manifest_load_errors_total"], 0);
  EXPECT_EQ(m["edgecert_api_requests_total{code=\"200\",endpoint=\"/zones/{zone_id}/ssl/certificate_packs/order\","
              "method=\"POST\"}"],
            3);
  EXPECT_GE(m["edgecert_reconciles_total{kind=\"CertificatePack\",result=\"done\"}"], 3);
  EXPECT_EQ(m["edgecert_reconciles_total{kind=\"CertificatePack\",result=\"failed\"}"], 0);
  EXPECT_GE(m["edgecert_reconcile_duration_seconds_count{kind=\"CertificatePack\"}"], 3);
  EXPECT_EQ(m["edgecert_api_requests_in_flight"], 0);
  EXPECT_EQ(m.count("edgecert_work_queue_depth{state=\"waiting\"}"), 1u);
  // Settled: nothing is due before the resync (10 min), so nothing is in flight. Known bug: the
  // controller reports the queue before its last reconcile leaves (NotifyQueue while busy_ still counts
  // it), so the gauge stays at 1 until the next piece of work.
  EXPECT_TRUE(WaitFor("no reconcile in flight", [&] {
    return Metrics()["edgecert_work_queue_depth{state=\"in_flight\"}"] == 0;
  }, std::chrono::seconds(5)));
  bool build_info = false;
  int expiries = 0;
  for (const auto& [series, value] : m) {
    if (series.rfind("edgecert_build_info{", 0) == 0) build_info = value == 1;
    if (series.rfind("edgecert_certificate_expiry_timestamp_seconds{kind=\"CertificatePack\"", 0) == 0) {
      EXPECT_GT(value, m["edgecert_last_successful_sync_timestamp_seconds"]) << series;
      ++expiries;
    }
    // Bounded labels: no remote id (32 hex characters) anywhere.
    EXPECT_THAT(series, ::testing::Not(::testing::ContainsRegex("[0-9a-f]{32}"))) << series;
  }
  EXPECT_TRUE(build_info);
  EXPECT_EQ(expiries, 3) << "an active pack has a certificate expiry";

  // promtool, when installed, finds nothing to say about the exposition.
  if (std::system("command -v promtool >/dev/null 2>&1") == 0) {
    const std::string file = (dir_.path() / "metrics.txt").string();
    {
      std::ofstream out(file);
      out << Ops("/metrics").body;
    }
    CommandResult r;
    FILE* pipe = ::popen(("promtool check metrics < " + file + " 2>&1").c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe) != nullptr) r.output += buf;
    EXPECT_EQ(::pclose(pipe), 0) << r.output;
    EXPECT_EQ(r.output, "");
  }
}

}  // namespace
}  // namespace edgecert::testing
