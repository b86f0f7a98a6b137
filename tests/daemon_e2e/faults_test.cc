// API faults during a run: 5xx answers, 429s and writes committed then dropped (the client sees a reset
// after the pack was ordered). The daemon retries, adopts what it ordered, and converges with exactly one
// pack per manifest.
#include <gmock/gmock.h>

#include <fstream>

#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

class FaultsTest : public DaemonE2eTest {};

TEST_F(FaultsTest, ErrorsRateLimitsAndDroppedWritesConvergeWithoutDuplicates) {
  // A real-time emulator clock, so that a rate-limit window and its Retry-After are short real seconds;
  // lifecycles of 1 s per step keep the packs quick.
  {
    std::ofstream config(dir_.path() / "emulator.yaml");
    config << R"(accounts: [{name: Emulator Account}]
zones:
  - {name: example.com, account: Emulator Account}
  - {name: example.net, account: Emulator Account}
credentials:
  - {name: edit, token: edgecert-emulator-edit-token, permission: edit, accounts: ["*"], zones: ["*"]}
lifecycle: {initializing_seconds: 1, validation_seconds: 1, issuance_seconds: 1, deployment_seconds: 1}
)";
  }
  StartEmulator({"--config", (dir_.path() / "emulator.yaml").string(), "--time-scale", "1"});
  WriteManifests(ManifestsYaml({{"www", {"example.com", "www.example.com"}}}));
  StartDaemon({"--resync", "3s"});
  ASSERT_TRUE(WaitFor("www Ready", [&] { return AllReady(1); }));

  // From now on: the next two orders fail with 503 before anything is written, the two after that are
  // committed and then dropped, reads meet 502s, and more than 6 calls in 2 s get a 429.
  SetFaults(R"({
    "errors": [
      {"route": "*/certificate_packs/order", "method": "POST", "rate": 1, "status": 503, "remaining": 2},
      {"route": "*", "method": "GET", "rate": 0.2, "status": 502, "remaining": 4}
    ],
    "drops": [{"route": "*/certificate_packs/order", "rate": 1, "remaining": 2}],
    "rate_limit": {"requests": 6, "window_seconds": 2}
  })");
  const std::vector<Pack> packs = {{"www", {"example.com", "www.example.com"}},
                                   {"api", {"example.com", "api.example.com"}},
                                   {"shop", {"example.com", "shop.example.com"}},
                                   {"net", {"example.net"}, "example-net"},
                                   {"edge", {"example.net", "edge.example.net"}, "example-net"}};
  WriteManifests(ManifestsYaml(packs));
  ASSERT_TRUE(WaitFor("five packs Ready through the faults", [&] { return AllReady(5); }, std::chrono::seconds(60)));

  auto live = LivePacks();
  EXPECT_EQ(live.size(), 5u);
  for (const auto& p : packs) EXPECT_EQ(live[HostKey(p.hosts)].size(), 1u) << HostKey(p.hosts);
  int orders = 0;
  const web::json::value creates = History(0, "certificate_pack");
  for (const auto& e : creates.as_array()) orders += e.at("action").as_string() == "create";
  EXPECT_EQ(orders, 5) << "a dropped order was ordered again instead of adopted";

  // Every injected fault fired, and the metrics saw them.
  auto m = Metrics();
  const std::string order = "endpoint=\"/zones/{zone_id}/ssl/certificate_packs/order\",method=\"POST\"";
  EXPECT_EQ(m["edgecert_api_requests_total{code=\"503\"," + order + "}"], 2);
  EXPECT_EQ(m["edgecert_api_requests_total{code=\"none\"," + order + "}"], 2);
  double rate_limited = 0, retries = 0;
  for (const auto& [series, value] : m) {
    if (series.rfind("edgecert_api_rate_limited_total", 0) == 0) rate_limited += value;
    if (series.rfind("edgecert_api_retries_total", 0) == 0) retries += value;
  }
  EXPECT_GE(rate_limited, 1);
  EXPECT_GE(retries, 2);
  EXPECT_EQ(m["edgecert_objects{kind=\"CertificatePack\",phase=\"Failed\"}"], 0);
}

}  // namespace
}  // namespace edgecert::testing
