// The Grafana dashboard (deploy/grafana/edgecert.json) and the alert rules (deploy/prometheus/
// edgecert.rules.yml) only name metrics a running daemon exports: the daemon converges one pack on the
// emulator and every edgecert_* / process_* name in either file is on its /metrics.
#include <gmock/gmock.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(EDGECERT_SOURCE_DIR_PATH) + "/" + relative);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Metric names a file uses (edgecert_* and process_*).
std::set<std::string> NamesUsedIn(const std::string& text) {
  std::set<std::string> names;
  const std::regex name(R"(\b(edgecert_[a-z0-9_]*[a-z0-9]|process_[a-z0-9_]*[a-z0-9])\b)");
  for (std::sregex_iterator it(text.begin(), text.end(), name), end; it != end; ++it) names.insert((*it)[1].str());
  return names;
}

// Every name /metrics offers: each family from its "# TYPE" line (a histogram also as _bucket, _sum and
// _count) and each sample's name.
std::set<std::string> ExportedNames(const std::string& exposition) {
  std::set<std::string> names;
  std::istringstream lines(exposition);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string first, second, name, type;
    if (line.rfind("# TYPE ", 0) == 0) {
      words >> first >> second >> name >> type;
      names.insert(name);
      if (type == "histogram" || type == "summary") {
        for (const char* suffix : {"_bucket", "_sum", "_count"}) names.insert(name + suffix);
      }
    } else if (!line.empty() && line[0] != '#') {
      names.insert(line.substr(0, line.find_first_of("{ ")));
    }
  }
  return names;
}

class DeployMetricsTest : public DaemonE2eTest {};

TEST_F(DeployMetricsTest, DashboardAndAlertsNameOnlyExportedMetrics) {
  const std::set<std::string> dashboard = NamesUsedIn(ReadSource("deploy/grafana/edgecert.json"));
  const std::set<std::string> alerts = NamesUsedIn(ReadSource("deploy/prometheus/edgecert.rules.yml"));
  ASSERT_GE(dashboard.size(), 12u) << "the dashboard did not load";
  ASSERT_GE(alerts.size(), 7u) << "the rules did not load";

  // A tight rate limit (one request per emulator second, 5 ms of real time): bursts of requests meet
  // 429s and retries, so those families have series whether or not the daemon creates them at 0.
  StartEmulator({"--time-scale", "200", "--rate-limit", "1", "--rate-limit-window", "1s"});
  const std::vector<Pack> one = {{"www", {"example.com", "www.example.com"}}};
  std::vector<Pack> two = one;
  two.push_back({"api", {"example.com", "api.example.com"}});
  WriteManifests(ManifestsYaml(one));
  StartDaemon();
  ASSERT_TRUE(WaitFor("the pack Ready and a completed sync",
                      [&] { return AllReady(1) && Metrics()["edgecert_last_successful_sync_timestamp_seconds"] > 0; }));
  // The first pass may have spread its requests out; each manifest change makes a burst (a list and an
  // order, or a delete) until a 429 has been answered and retried.
  int polls = 0;
  ASSERT_TRUE(WaitFor("a 429 and a retry counted", [&] {
    const auto m = Metrics();
    if (SumMetric(m, "edgecert_api_rate_limited_total") > 0 && SumMetric(m, "edgecert_api_retries_total") > 0) {
      return true;
    }
    if (++polls % 20 == 0) WriteManifests(ManifestsYaml((polls / 20) % 2 == 1 ? two : one));
    return false;
  }));
  const HttpAnswer scrape = Ops("/metrics");
  ASSERT_EQ(scrape.status, 200);
  const std::set<std::string> exported = ExportedNames(scrape.body);

  for (const auto& name : dashboard) EXPECT_TRUE(exported.count(name)) << "dashboard uses " << name;
  for (const auto& name : alerts) EXPECT_TRUE(exported.count(name)) << "alert rules use " << name;
}

}  // namespace
}  // namespace edgecert::testing
