#include "daemon/leader_metrics.h"

namespace edgecert::daemon {

LeaderMetrics::LeaderMetrics(prometheus::Registry& registry)
    : leader_(prometheus::BuildGauge()
                  .Name("edgecert_leader")
                  .Help("1 while this instance leads (writes to the API and the state), else 0")
                  .Register(registry)
                  .Add({})),
      transitions_(prometheus::BuildCounter()
                       .Name("edgecert_leader_transitions_total")
                       .Help("Times this instance became or stopped being the leader")
                       .Register(registry)
                       .Add({})),
      etcd_latency_(prometheus::BuildHistogram()
                        .Name("edgecert_etcd_request_duration_seconds")
                        .Help("Duration of etcd calls by gateway path")
                        .Register(registry)),
      etcd_errors_(prometheus::BuildCounter()
                       .Name("edgecert_etcd_request_errors_total")
                       .Help("etcd calls that failed (unreachable or refused), by gateway path")
                       .Register(registry)) {}

void LeaderMetrics::SetLeading(bool leading) {
  const double now = leading ? 1 : 0;
  if (leader_.Value() != now) transitions_.Increment();
  leader_.Set(now);
}

void LeaderMetrics::OnEtcdCall(const std::string& path, std::chrono::nanoseconds took, bool ok) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                                   0.1,   0.25,   0.5,   1,    2.5,   5};
  etcd_latency_.Add({{"path", path}}, kBuckets).Observe(std::chrono::duration<double>(took).count());
  // The error series of a path exists (at 0) from its first call, so rate() sees its first failure.
  prometheus::Counter& errors = etcd_errors_.Add({{"path", path}});
  if (!ok) errors.Increment();
}

}  // namespace edgecert::daemon
