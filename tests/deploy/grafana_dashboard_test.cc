// deploy/grafana/edgecert.json: valid JSON in Grafana's dashboard model, one panel per topic
// docs/deploy.md lists, every query valid PromQL (promtool checks them as recording rules, with the
// dashboard's $job and $instance variables filled in). Whether the metrics exist is checked against a
// running daemon in tests/daemon_e2e (deploy_metrics_test.cc).
#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/deploy/tool_run.h"
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
        "Work queue depth", "Reconcile latency by kind", "Age of the last successful sync"}) {
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

}  // namespace
}  // namespace edgecert::testing
