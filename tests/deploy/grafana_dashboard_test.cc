// deploy/grafana/edgecert.json: valid JSON in Grafana's dashboard model, one panel per topic
// docs/deploy.md lists, every query valid PromQL (promtool checks them as recording rules, with the
// dashboard's $job and $instance variables filled in), and every panel's queries name only metrics that
// `edgecert run` exports (a daemon run here against the in-process emulator, its pack taken to active
// so the per-certificate series exist). tests/daemon_e2e/deploy_metrics_test.cc checks the alert rules
// the same way, after 429s and retries.
#include <cpprest/http_client.h>
#include <cpprest/json.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "tests/deploy/tool_run.h"
#include "tests/fakes/child_process.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {
namespace {

web::json::value Dashboard() { return web::json::value::parse(ReadFile(SourceDir() / "deploy/grafana/edgecert.json")); }

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// (panel title, expr) for every query of every panel.
std::vector<std::pair<std::string, std::string>> Queries(const web::json::value& dashboard) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& panel : dashboard.at("panels").as_array()) {
    if (!panel.has_field("targets")) continue;
    for (const auto& target : panel.at("targets").as_array()) {
      out.emplace_back(panel.at("title").as_string(), target.at("expr").as_string());
    }
  }
  return out;
}

TEST(GrafanaDashboardTest, HasAPanelForEveryTopic) {
  const auto dashboard = Dashboard();
  EXPECT_EQ(dashboard.at("uid").as_string(), "edgecert");
  std::set<std::string> titles;
  for (const auto& panel : dashboard.at("panels").as_array()) {
    titles.insert(panel.at("title").as_string());
    if (panel.at("type").as_string() == "row") continue;
    EXPECT_TRUE(panel.has_field("gridPos")) << panel.at("title").as_string();
    EXPECT_EQ(panel.at("datasource").at("uid").as_string(), "${datasource}") << panel.at("title").as_string();
  }
  for (const std::string topic :
       {"Objects by phase", "Certificate pack status over time", "Days to expiry", "API requests by endpoint",
        "API latency p95 by endpoint", "API errors by endpoint and code", "429s and rate-budget waits",
        "Work queue depth", "Reconcile latency by kind", "Age of the last successful sync", "Leader"}) {
    EXPECT_TRUE(titles.count(topic)) << "no panel " << topic;
  }
}

TEST(GrafanaDashboardTest, EveryQueryIsValidPromQL) {
  ASSERT_TRUE(OnPath("promtool")) << "promtool is missing: bash scripts/deps.sh";
  const auto queries = Queries(Dashboard());
  ASSERT_GE(queries.size(), 15u);
  TempDir dir;
  const auto rules = dir.path() / "dashboard.rules.yml";
  {
    std::ofstream out(rules);
    out << "groups:\n  - name: dashboard\n    rules:\n";
    int n = 0;
    for (const auto& [title, expr] : queries) {
      const std::string filled = Replace(Replace(expr, "$job", "edgecert"), "$instance", ".*");
      EXPECT_EQ(filled.find('$'), std::string::npos) << title << ": an unknown variable in " << expr;
      out << "      - record: dashboard:query" << n++ << "\n        expr: '" << Replace(filled, "'", "''") << "'\n";
    }
  }
  const auto check = RunTool({"promtool", "check", "rules", rules.string()});
  EXPECT_EQ(check.exit_code, 0) << check.output << "\n" << ReadFile(rules);
}

// Metric names in a query (edgecert_* and process_*).
std::set<std::string> MetricNames(const std::string& expr) {
  std::set<std::string> names;
  const std::regex name(R"(\b(edgecert_[a-z0-9_]*[a-z0-9]|process_[a-z0-9_]*[a-z0-9])\b)");
  for (std::sregex_iterator it(expr.begin(), expr.end(), name), end; it != end; ++it) names.insert((*it)[1].str());
  return names;
}

// Every name an exposition offers: families (a histogram also as _bucket, _sum, _count) and samples.
std::set<std::string> Exported(const std::string& exposition) {
  std::set<std::string> names;
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string hash, keyword, name, type;
    if (line.rfind("# TYPE ", 0) == 0 && (words >> hash >> keyword >> name >> type)) {
      names.insert(name);
      if (type == "histogram") {
        for (const char* suffix : {"_bucket", "_sum", "_count"}) names.insert(name + suffix);
      }
    } else if (!line.empty() && line[0] != '#') {
      names.insert(line.substr(0, line.find_first_of("{ ")));
    }
  }
  return names;
}

std::string Scrape(const std::string& base_url) {
  try {
    web::http::client::http_client client(base_url);
    return client.request(web::http::methods::GET, "/metrics").get().extract_utf8string(true).get();
  } catch (const std::exception&) {
    return "";
  }
}

TEST(GrafanaDashboardTest, EveryPanelNamesMetricsTheDaemonExports) {
  ReconcileHarness dir;
  dir.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml() +
                                      "---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata:\n"
                                      "  name: www\nspec:\n  zone: example-com\n  hosts: [example.com, www.example.com]\n"
                                      "  certificateAuthority: lets_encrypt\n  validityDays: 90\n  validationMethod: txt\n");
  ChildProcess run({EdgecertBinary(), "run", dir.manifest_dir().string(), "--api-url", dir.api_url(), "--state-dir",
                    (dir.state_dir() / "run").string(), "--listen", "127.0.0.1:0", "--poll", "1s"},
                   {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"}, ChildProcess::Capture::kStderr);
  const std::string line = run.ReadLineWith("operator endpoints on http://127.0.0.1:");
  ASSERT_NE(line, "") << run.transcript();
  const std::string ops = "http://127.0.0.1:" + std::to_string(std::stoi(line.substr(line.find("127.0.0.1:") + 10)));

  // The pack ordered, then the emulator's clock past its lifecycle: active, with a certificate expiry.
  std::set<std::string> exported;
  bool advanced = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         !exported.count("edgecert_certificate_expiry_timestamp_seconds")) {
    exported = Exported(Scrape(ops));
    if (!advanced && exported.count("edgecert_certificate_pack_status")) {
      dir.AdvanceEmulator(std::chrono::seconds(600));
      advanced = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(exported.count("edgecert_certificate_expiry_timestamp_seconds")) << run.transcript();

  const auto dashboard = Dashboard();
  for (const auto& panel : dashboard.at("panels").as_array()) {
    if (panel.at("type").as_string() == "row") continue;
    const std::string title = panel.at("title").as_string();
    std::set<std::string> names;
    for (const auto& target : panel.at("targets").as_array()) {
      for (const auto& name : MetricNames(target.at("expr").as_string())) names.insert(name);
    }
    EXPECT_FALSE(names.empty()) << "panel " << title << " names no edgecert metric";
    for (const auto& name : names) EXPECT_TRUE(exported.count(name)) << "panel " << title << " uses " << name;
  }
  run.Signal(SIGTERM);
  EXPECT_EQ(run.Wait(), 0) << run.transcript();
}

}  // namespace
}  // namespace edgecert::testing
