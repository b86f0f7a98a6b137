// DaemonMetrics: every Prometheus metric of `edgecert run`, registered on one prometheus-cpp registry.
// The API client feeds it as its ClientObserver; the run loop calls the plain methods. Labels are
// bounded by the manifests and the API's path templates: never a remote id, never a secret.
// Every series whose labels are known in advance (per reconciled kind, per result, per phase, per API
// endpoint) exists at 0 from the start, so rate() and increase() see the first event.
// Thread-safety: every method is safe from any thread.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/client/client_observer.h"
#include "api/client/endpoints.h"
#include "common/clock.h"
#include "daemon/build_info.h"
#include "daemon/process_metrics.h"
#include "manifests/kind.h"
#include "reconcile/object_status.h"

namespace edgecert::daemon {

// The label values created at 0 from the start.
struct KnownSeries {
  std::vector<std::string> kinds;                  // reconciled kinds: reconciles, durations, objects
  std::vector<api::EndpointTemplate> endpoints;    // API calls: 401/403/429 answers, 429s, retries, latency
  // Every reconciled manifest kind and every endpoint the API client calls.
  static KnownSeries Daemon();
};

class DaemonMetrics final : public api::ClientObserver {
 public:
  // `build` goes into edgecert_build_info{version,commit,build_date}. The registry may be shared with
  // other components.
  explicit DaemonMetrics(const BuildInfo& build,
                         std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>(),
                         const KnownSeries& known = KnownSeries::Daemon(), ProcFiles proc = {});
  DaemonMetrics(const DaemonMetrics&) = delete;
  DaemonMetrics& operator=(const DaemonMetrics&) = delete;

  // One reconcile of an object of `kind` ended; `result` is done, requeue, retry or failed.
  void OnReconcile(manifests::Kind kind, std::string_view result, Clock::Duration took);
  void SetQueue(std::size_t waiting, std::size_t in_flight);
  // Deletions the prune guard holds back now (edgecert_deletions_held_back).
  void SetDeletionsHeldBack(std::size_t count);
  // Objects by kind and phase, certificate pack status and expiry, from the whole status board.
  // Series of objects that are no longer in `all` are dropped.
  void UpdateObjects(const std::vector<reconcile::ObjectStatus>& all);
  void OnSyncCompleted(std::chrono::system_clock::time_point at);
  void OnManifestLoad(bool ok, std::chrono::system_clock::time_point at);
  // The API rate budget (--api-rate): requests that could go out now, and the budget per period.
  void SetRateBudget(std::size_t remaining, std::size_t capacity);
  // What /readyz answers: edgecert_ready is 1 while it is 200.
  void SetReady(bool ready);

  // api::ClientObserver
  void OnRequestStarted(std::string_view method, std::string_view endpoint) override;
  void OnRequestFinished(std::string_view method, std::string_view endpoint, int status_code,
                         Clock::Duration latency) override;
  void OnBudgetWait(Clock::Duration waited) override;
  void OnRateLimited(std::string_view method, std::string_view endpoint, Clock::Duration retry_after) override;
  void OnRetry(std::string_view method, std::string_view endpoint, int attempt, Clock::Duration backoff) override;

  // The Prometheus text exposition format (version 0.0.4) of the whole registry and the process_* metrics.
  std::string Serialize() const;
  prometheus::Registry& registry() { return *registry_; }

 private:
  // A per-object series of one gauge family, remembered so it can be removed when the object leaves.
  struct ObjectSeries {
    prometheus::Labels labels;
    prometheus::Gauge* gauge = nullptr;
  };
  void ReplaceSeries(prometheus::Family<prometheus::Gauge>& family,
                     std::map<reconcile::ObjectKey, ObjectSeries>& series,
                     const std::map<reconcile::ObjectKey, std::pair<prometheus::Labels, double>>& wanted);

  // prometheus-cpp's Family::Add builds a new histogram before it finds the existing one; the hot paths
  // (every API request, every reconcile) look theirs up here instead.
  prometheus::Histogram& HistogramFor(prometheus::Family<prometheus::Histogram>& family,
                                      const prometheus::Labels& labels,
                                      const prometheus::Histogram::BucketBoundaries& buckets);

  std::shared_ptr<prometheus::Registry> registry_;

  prometheus::Family<prometheus::Counter>& reconciles_;
  prometheus::Family<prometheus::Histogram>& reconcile_duration_;
  prometheus::Family<prometheus::Counter>& api_requests_;
  prometheus::Family<prometheus::Histogram>& api_latency_;
  prometheus::Gauge& api_in_flight_;
  prometheus::Histogram& budget_wait_;
  prometheus::Family<prometheus::Counter>& rate_limited_;
  prometheus::Family<prometheus::Counter>& retries_;
  prometheus::Family<prometheus::Gauge>& queue_depth_;
  prometheus::Gauge& queue_waiting_;
  prometheus::Gauge& queue_in_flight_;
  prometheus::Family<prometheus::Gauge>& objects_;
  prometheus::Family<prometheus::Gauge>& pack_status_;
  prometheus::Family<prometheus::Gauge>& expiry_;
  prometheus::Gauge& last_sync_;
  prometheus::Gauge& deletions_held_back_;
  prometheus::Counter& manifest_load_errors_;
  prometheus::Gauge& manifest_last_load_successful_;
  prometheus::Gauge& manifest_last_load_success_;
  prometheus::Gauge& budget_remaining_;
  prometheus::Gauge& budget_capacity_;
  prometheus::Gauge& ready_;
  ProcessMetrics process_;

  mutable std::mutex mu_;
  std::set<std::string, std::less<>> reconcile_kinds_;                                       // guarded by mu_
  std::set<std::string> object_kinds_;                                                       // guarded by mu_
  std::map<reconcile::ObjectKey, ObjectSeries> pack_series_;                                 // guarded by mu_
  std::map<reconcile::ObjectKey, ObjectSeries> expiry_series_;                               // guarded by mu_
  std::map<std::pair<const void*, prometheus::Labels>, prometheus::Histogram*> histograms_;  // guarded by mu_
};

}  // namespace edgecert::daemon
