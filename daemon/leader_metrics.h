// LeaderMetrics: the leader-election and etcd metrics of `edgecert run`, on the daemon's registry:
// edgecert_leader (1 while this instance leads), edgecert_leader_transitions_total,
// edgecert_etcd_request_duration_seconds{path} and edgecert_etcd_request_errors_total{path}. Fed as the
// etcd client's observer and by LeaderTerms. A path's error counter exists at 0 from its first call.
// Thread-safety: every method is safe from any thread.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "reconcile/state/etcd/etcd_client.h"

namespace edgecert::daemon {

class LeaderMetrics final : public reconcile::EtcdObserver {
 public:
  explicit LeaderMetrics(prometheus::Registry& registry);

  void SetLeading(bool leading);
  void OnEtcdCall(const std::string& path, std::chrono::nanoseconds took, bool ok) override;

 private:
  prometheus::Gauge& leader_;
  prometheus::Counter& transitions_;
  prometheus::Family<prometheus::Histogram>& etcd_latency_;
  prometheus::Family<prometheus::Counter>& etcd_errors_;
};

}  // namespace edgecert::daemon
