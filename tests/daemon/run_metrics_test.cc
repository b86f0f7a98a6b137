// `edgecert run` as a process (under RLIMIT_NOFILE 1024, set with prlimit before exec): its very first
// /metrics, before anything was reconciled, already has every edgecert_* family with series (0 for
// every kind, result, phase and API endpoint), edgecert_ready 0, edgecert_build_info with what
// --version prints, and the process_* metrics of the daemon itself; once it works, no family appears
// that the first scrape did not have.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/daemon/http_get.h"
#include "tests/daemon/metrics_text.h"
#include "tests/fakes/child_process.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/core_e2e/core_fixture.h"

namespace edgecert::testing {
namespace {

using daemon::testing::HttpRequest;
using daemon::testing::ParseMetricsText;

// Series that exist per object (a pack's status, a certificate's expiry), so only once objects do.
const std::set<std::string> kPerObjectFamilies = {"edgecert_certificate_pack_status",
                                                  "edgecert_certificate_expiry_timestamp_seconds"};

struct Exposition {
  std::set<std::string> declared;     // families with a # TYPE line
  std::set<std::string> with_series;  // families with at least one sample
  std::map<std::string, double> series;
};

Exposition Parse(const std::string& text) {
  Exposition e;
  std::map<std::string, std::string> types;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string hash, keyword, name, type;
    if (line.rfind("# TYPE ", 0) == 0 && (words >> hash >> keyword >> name >> type)) types[name] = type;
  }
  for (const auto& [name, type] : types) e.declared.insert(name);
  e.series = ParseMetricsText(text);
  for (const auto& [key, value] : e.series) {
    std::string name = key.substr(0, key.find('{'));
    for (const std::string suffix : {"_bucket", "_sum", "_count"}) {
      const auto base = name.size() > suffix.size() ? name.substr(0, name.size() - suffix.size()) : "";
      if (name.ends_with(suffix) && types.count(base) && types[base] == "histogram") name = base;
    }
    e.with_series.insert(name);
  }
  return e;
}

// The start time of this test process, from the same procfs fields the daemon reads.
double OwnStartTime() {
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream rest(text.substr(text.rfind(')') + 1));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  std::ifstream system_stat("/proc/stat");
  double boot = 0;
  for (std::string line; std::getline(system_stat, line);) {
    if (line.rfind("btime ", 0) == 0) boot = std::stod(line.substr(6));
  }
  return boot + std::stod(fields.at(22 - 3)) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

TEST(RunMetricsTest, EveryFamilyHasSeriesFromTheFirstScrape) {
  ReconcileHarness dir;
  // A manifest error first: the daemon loads nothing and reconciles nothing until it is fixed.
  dir.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml() + "---\napiVersion: edgecert.dev/v1\nkind: Bogus\n");
  ChildProcess run({"/usr/bin/prlimit", "--nofile=1024:1024", "--", EdgecertBinary(), "run",
                    dir.manifest_dir().string(), "--api-url", dir.api_url(), "--state-dir",
                    (dir.state_dir() / "run").string(), "--listen", "127.0.0.1:0", "--watch-debounce", "50ms"},
                   {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"}, ChildProcess::Capture::kStderr);
  const std::string line = run.ReadLineWith("operator endpoints on http://127.0.0.1:");
  ASSERT_NE(line, "") << run.transcript();
  const std::string ops = "http://127.0.0.1:" + std::to_string(std::stoi(line.substr(line.find("127.0.0.1:") + 10)));

  const auto first_scrape = HttpRequest(ops, "/metrics");
  ASSERT_EQ(first_scrape.status, 200);
  const Exposition first = Parse(first_scrape.body);
  for (const auto& family : first.declared) {
    if (!family.starts_with("edgecert_") || kPerObjectFamilies.count(family)) continue;
    EXPECT_TRUE(first.with_series.count(family)) << family << " has no series on the first scrape";
  }
  const auto& s = first.series;
  EXPECT_EQ(s.at("edgecert_ready"), 0);
  EXPECT_EQ(s.at("edgecert_manifest_last_load_successful"), 0);
  EXPECT_EQ(s.at("edgecert_reconciles_total{kind=\"CertificatePack\",result=\"failed\"}"), 0);
  EXPECT_EQ(s.at("edgecert_objects{kind=\"CertificatePack\",phase=\"Ready\"}"), 0);
  const std::string packs = "endpoint=\"/zones/{zone_id}/ssl/certificate_packs\",method=\"GET\"";
  EXPECT_EQ(s.at("edgecert_api_rate_limited_total{" + packs + "}"), 0);
  EXPECT_EQ(s.at("edgecert_api_retries_total{" + packs + "}"), 0);
  EXPECT_EQ(s.at("edgecert_api_requests_total{code=\"401\"," + packs + "}"), 0);
  // edgecert_build_info carries what --version prints.
  ChildProcess version({EdgecertBinary(), "--version"}, {}, ChildProcess::Capture::kStdout);
  std::smatch parts;
  const std::string line_printed = version.ReadAll();
  ASSERT_TRUE(std::regex_search(line_printed, parts, std::regex(R"(^edgecert (\S+) \(commit (\S+), built (\S+)\))")))
      << line_printed;
  EXPECT_EQ(s.at("edgecert_build_info{build_date=\"" + parts[3].str() + "\",commit=\"" + parts[2].str() +
                 "\",version=\"" + parts[1].str() + "\"}"),
            1);
  // process_*: the daemon's own process.
  EXPECT_EQ(s.at("process_max_fds"), 1024);
  EXPECT_GT(s.at("process_open_fds"), 3);
  EXPECT_LT(s.at("process_open_fds"), 200);
  EXPECT_GT(s.at("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GE(s.at("process_virtual_memory_bytes"), s.at("process_resident_memory_bytes"));
  EXPECT_GE(s.at("process_cpu_seconds_total"), 0);
  EXPECT_GE(s.at("process_start_time_seconds"), OwnStartTime()) << "the daemon started after this test";

  // Fixed: one pack; the daemon loads, reconciles and becomes ready.
  dir.WriteFile("manifests.yaml",
                ReconcileHarness::ScopesYaml() + "---\n" + PackYaml({"www", {"example.com", "www.example.com"}}));
  Exposition later;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  double reconciles = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    later = Parse(HttpRequest(ops, "/metrics").body);
    reconciles = 0;
    for (const auto& [key, value] : later.series) {
      if (key.starts_with("edgecert_reconciles_total{kind=\"CertificatePack\"")) reconciles += value;
    }
    if (reconciles > 0 && later.series["edgecert_ready"] == 1) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(reconciles, 0) << run.transcript();
  ASSERT_EQ(later.series["edgecert_ready"], 1) << run.transcript();
  EXPECT_EQ(HttpRequest(ops, "/readyz").status, 200);
  for (const auto& family : later.with_series) {
    if (kPerObjectFamilies.count(family)) continue;
    EXPECT_TRUE(first.with_series.count(family)) << family << " appeared only after work started";
  }
  EXPECT_TRUE(later.with_series.count("edgecert_certificate_pack_status"));
  run.Signal(SIGTERM);
  EXPECT_EQ(run.Wait(), 0) << run.transcript();
}

}  // namespace
}  // namespace edgecert::testing
