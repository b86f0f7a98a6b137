// The commands as processes: `edgecert plan --detailed-exitcode` exit codes, and the crash test: `edgecert
// apply` killed with SIGKILL at seeded random points against an `edgecert emulator` process, then a final
// apply must leave exactly the desired packs, none twice; and the README's examples converge end to end.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "reconcile/state/inventory_record.h"
#include "reconcile/kinds/read_back.h"
#include "tests/reconcile/core_e2e/process_fixture.h"

namespace edgecert::testing {
namespace {

TEST_F(ProcessTest, PlanDetailedExitcode) {
  StartEmulator();
  WriteManifests({{"www", {"example.com", "www.example.com"}}});
  std::string out;
  EXPECT_EQ(Run({"plan", dir_.manifest_dir().string(), "--detailed-exitcode"}, &out), 2) << out;
  EXPECT_NE(out.find("+ create CertificatePack/www"), std::string::npos) << out;
  EXPECT_EQ(Run({"plan", dir_.manifest_dir().string()}), 0);  // without the flag: 0 on success
  EXPECT_EQ(Run(ApplyArgs()), 0);
  EXPECT_EQ(Run({"plan", dir_.manifest_dir().string(), "--detailed-exitcode", "--output", "json"}, &out), 0) << out;
  dir_.WriteFile("broken.yaml", "apiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: x}\n");
  EXPECT_EQ(Run({"plan", dir_.manifest_dir().string(), "--detailed-exitcode"}), 1);
}

TEST_F(ProcessTest, UsageErrorsExitTwoWithTheNearestSpelling) {
  auto usage = [](const std::vector<std::string>& args, std::string* out) {
    std::vector<std::string> full{Binary()};
    full.insert(full.end(), args.begin(), args.end());
    Child child(full, {}, true, true);
    *out = child.ReadAll();
    return child.Wait();
  };
  std::string out;
  EXPECT_EQ(usage({"aply", "manifests"}, &out), 2) << out;
  EXPECT_NE(out.find("did you mean apply?"), std::string::npos) << out;
  EXPECT_EQ(usage({"apply", "manifests", "--wiat"}, &out), 2) << out;
  EXPECT_NE(out.find("did you mean --wait?"), std::string::npos) << out;
  EXPECT_EQ(usage({"apply"}, &out), 2) << out;  // DIR missing
  EXPECT_EQ(usage({"apply", "--help"}, &out), 0) << out;
  EXPECT_NE(out.find("30m"), std::string::npos) << out;  // defaults in --help
}

TEST_F(ProcessTest, HeldBackDeletionsExitThreeUntilAnOperatorApproves) {
  StartEmulator();
  WriteManifests({{"a", {"example.com", "a.example.com"}},
                  {"b", {"example.com", "b.example.com"}},
                  {"c", {"example.com", "c.example.com"}}});
  ASSERT_EQ(Run(ApplyArgs()), 0);
  WriteManifests({{"a", {"example.com", "a.example.com"}}});
  std::vector<std::string> capped = ApplyArgs();
  capped.insert(capped.end(), {"--max-deletions", "1"});
  std::string out;
  EXPECT_EQ(Run({"plan", dir_.manifest_dir().string(), "--max-deletions", "1", "--detailed-exitcode"}, &out), 2)
      << out;
  EXPECT_EQ(Run(capped, &out), 3) << out;
  EXPECT_NE(out.find("held back"), std::string::npos) << out;
  // The operator's one-shot approval, left in the state dir; the next apply takes it.
  Child approve({Binary(), "approve-deletions", "--state-dir", (dir_.state_dir() / "cli").string()}, {}, false);
  ASSERT_EQ(approve.Wait(), 0);
  EXPECT_EQ(Run(capped, &out), 0) << out;
  EXPECT_FALSE(std::filesystem::exists(dir_.state_dir() / "cli" / "approve-deletions"));  // used up
}

TEST_F(ProcessTest, ApplyKilledAtRandomPointsConvergesWithoutDuplicates) {
  // Latency spreads one apply over a few hundred milliseconds, so the kills land at different steps.
  StartEmulator({"--fault-latency-ms", "2:12", "--seed", "7"});
  std::vector<PackSpec> desired;
  for (int i = 0; i < 4; ++i) desired.push_back({"com-" + std::to_string(i), {"example.com", "h" + std::to_string(i) + ".example.com"}});
  for (int i = 0; i < 3; ++i) {
    desired.push_back({"net-" + std::to_string(i), {"example.net", "h" + std::to_string(i) + ".example.net"},
                       "google", 90, "txt", "", "example-net"});
  }
  WriteManifests(desired);

  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> delay_ms(0, 250);
  for (int run = 0; run < 24; ++run) {
    std::vector<std::string> full{Binary()};
    auto args = ApplyArgs();
    full.insert(full.end(), args.begin(), args.end());
    full.insert(full.end(), {"--api-url", api_url_, "--state-dir", (dir_.state_dir() / "cli").string()});
    Child apply(full, {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"}, false);
    // The kill point is what is random here; this wait is the test's input, not synchronisation.
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    apply.Kill();
    apply.Wait();
  }
  EXPECT_EQ(Run(ApplyArgs()), 0);

  web::json::value state = EmulatorState();
  std::multiset<std::string> live;
  for (const auto& [zone_id, zone] : state.at("zones").as_object()) {
    for (const auto& pack : zone.at("certificate_packs").as_array()) {
      std::vector<std::string> hosts;
      for (const auto& h : pack.at("hosts").as_array()) hosts.push_back(h.as_string());
      live.insert(reconcile::MatchKeyForHosts(hosts));
    }
  }
  std::multiset<std::string> wanted;
  for (const auto& p : desired) wanted.insert(reconcile::MatchKeyForHosts(p.hosts));
  EXPECT_EQ(live, wanted);
  std::string out;
  EXPECT_EQ(Run({"plan", dir_.manifest_dir().string(), "--detailed-exitcode"}, &out), 0) << out;
}

// What the demo shows: every example object converges with `apply --wait`, and a re-plan finds nothing.
TEST_F(ProcessTest, ExamplesApplyWaitConvergesAndReplanFindsNoChange) {
  StartEmulator();
  const char* source = std::getenv("EDGECERT_SOURCE_DIR");
  const std::filesystem::path examples = std::filesystem::path(source ? source : EDGECERT_SOURCE_DIR_PATH) / "manifests" / "examples";
  const std::filesystem::path copy = dir_.state_dir() / "examples";
  std::filesystem::copy(examples, copy, std::filesystem::copy_options::recursive);  // apply writes issued files
  std::string out;
  EXPECT_EQ(Run({"apply", copy.string(), "--wait", "--timeout", "10m", "--poll", "1s"}, &out), 0) << out;
  EXPECT_NE(out.find("every object ready"), std::string::npos) << out;
  EXPECT_TRUE(std::filesystem::exists(copy / "client-certificates" / "issued" / "iot-device-001.pem"));
  EXPECT_TRUE(std::filesystem::exists(copy / "saas" / "out" / "acme-shop.csr"));
  EXPECT_EQ(Run({"plan", copy.string(), "--detailed-exitcode"}, &out), 0) << out;
}

}  // namespace
}  // namespace edgecert::testing
