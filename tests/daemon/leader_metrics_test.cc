// LeaderMetrics: edgecert_leader and its transitions, and the etcd call metrics, whose error counter
// exists at 0 from a path's first call.
#include "daemon/leader_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>

#include "tests/daemon/metrics_text.h"

namespace edgecert::daemon::testing {
namespace {

std::map<std::string, double> Scrape(prometheus::Registry& registry) {
  return ParseMetricsText(prometheus::TextSerializer().Serialize(registry.Collect()));
}

TEST(LeaderMetricsTest, LeadershipAndTransitions) {
  prometheus::Registry registry;
  LeaderMetrics metrics(registry);
  EXPECT_EQ(Scrape(registry).at("edgecert_leader"), 0);
  EXPECT_EQ(Scrape(registry).at("edgecert_leader_transitions_total"), 0);
  metrics.SetLeading(true);
  metrics.SetLeading(true);
  metrics.SetLeading(false);
  const auto s = Scrape(registry);
  EXPECT_EQ(s.at("edgecert_leader"), 0);
  EXPECT_EQ(s.at("edgecert_leader_transitions_total"), 2);
}

TEST(LeaderMetricsTest, AnEtcdPathsErrorsStartAtZeroWithItsFirstCall) {
  prometheus::Registry registry;
  LeaderMetrics metrics(registry);
  metrics.OnEtcdCall("/v3/kv/range", std::chrono::milliseconds(3), true);
  auto s = Scrape(registry);
  EXPECT_EQ(s.at("edgecert_etcd_request_errors_total{path=\"/v3/kv/range\"}"), 0);
  EXPECT_EQ(s.at("edgecert_etcd_request_duration_seconds_count{path=\"/v3/kv/range\"}"), 1);
  metrics.OnEtcdCall("/v3/kv/range", std::chrono::milliseconds(3), false);
  metrics.OnEtcdCall("/v3/lease/grant", std::chrono::milliseconds(3), false);
  s = Scrape(registry);
  EXPECT_EQ(s.at("edgecert_etcd_request_errors_total{path=\"/v3/kv/range\"}"), 1);
  EXPECT_EQ(s.at("edgecert_etcd_request_errors_total{path=\"/v3/lease/grant\"}"), 1);
}

}  // namespace
}  // namespace edgecert::daemon::testing
