#include "daemon/metrics.h"

#include <prometheus/text_serializer.h>

#include <array>

#include "manifests/objects.h"

namespace edgecert::daemon {
namespace {

using prometheus::Labels;

constexpr std::array<std::string_view, 4> kReconcileResults = {"done", "requeue", "retry", "failed"};
constexpr std::array<reconcile::Phase, 5> kPhases = {reconcile::Phase::kPending, reconcile::Phase::kProgressing,
                                                     reconcile::Phase::kReady, reconcile::Phase::kFailed,
                                                     reconcile::Phase::kDeleting};

// Reconciles are API-bound: from a cached no-op to a chain of calls with retries.
const prometheus::Histogram::BucketBoundaries& ReconcileBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                                   1,     2.5,  5,     10,   30,  60};
  return kBuckets;
}

const prometheus::Histogram::BucketBoundaries& ApiBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                                                   1,    2.5,   5,    10,  30};
  return kBuckets;
}

// The budget holds calls back for up to a rate-limit window (minutes at worst).
const prometheus::Histogram::BucketBoundaries& BudgetBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300};
  return kBuckets;
}

double Seconds(Clock::Duration d) { return std::chrono::duration<double>(d).count(); }

double UnixSeconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

// The HTTP status as a label; "none" when no response arrived (connection refused, reset, timeout).
std::string CodeLabel(int status_code) { return status_code == 0 ? "none" : std::to_string(status_code); }

}  // namespace

KnownSeries KnownSeries::Daemon() {
  KnownSeries known;
  for (const manifests::Kind kind : manifests::AllKinds()) {
    if (manifests::IsReconciled(kind)) known.kinds.emplace_back(manifests::KindName(kind));
  }
  const auto endpoints = api::KnownEndpoints();
  known.endpoints.assign(endpoints.begin(), endpoints.end());
  return known;
}

DaemonMetrics::DaemonMetrics(const BuildInfo& build, std::shared_ptr<prometheus::Registry> registry,
                             const KnownSeries& known, ProcFiles proc)
    : registry_(std::move(registry)),
      reconciles_(prometheus::BuildCounter()
                      .Name("edgecert_reconciles_total")
                      .Help("Reconciles of one object, by kind and result (done, requeue, retry, failed).")
                      .Register(*registry_)),
      reconcile_duration_(prometheus::BuildHistogram()
                              .Name("edgecert_reconcile_duration_seconds")
                              .Help("Time one reconcile of one object took, by kind.")
                              .Register(*registry_)),
      api_requests_(prometheus::BuildCounter()
                        .Name("edgecert_api_requests_total")
                        .Help("HTTP attempts to the Cloudflare API by endpoint template, method and status code "
                              "(code=\"none\" when no response arrived).")
                        .Register(*registry_)),
      api_latency_(prometheus::BuildHistogram()
                       .Name("edgecert_api_request_duration_seconds")
                       .Help("Latency of one HTTP attempt to the Cloudflare API, by endpoint template and method.")
                       .Register(*registry_)),
      api_in_flight_(prometheus::BuildGauge()
                         .Name("edgecert_api_requests_in_flight")
                         .Help("HTTP attempts to the Cloudflare API sent and not yet answered.")
                         .Register(*registry_)
                         .Add({})),
      budget_wait_(prometheus::BuildHistogram()
                       .Name("edgecert_api_budget_wait_seconds")
                       .Help("Time a call waited for the shared API rate budget (only calls that waited).")
                       .Register(*registry_)
                       .Add({}, BudgetBuckets())),
      rate_limited_(prometheus::BuildCounter()
                        .Name("edgecert_api_rate_limited_total")
                        .Help("HTTP 429 answers from the Cloudflare API by endpoint template and method.")
                        .Register(*registry_)),
      retries_(prometheus::BuildCounter()
                   .Name("edgecert_api_retries_total")
                   .Help("Failed API attempts that the client retried, by endpoint template and method.")
                   .Register(*registry_)),
      queue_depth_(prometheus::BuildGauge()
                       .Name("edgecert_work_queue_depth")
                       .Help("Objects in the work queue, by state (waiting or in_flight).")
                       .Register(*registry_)),
      queue_waiting_(queue_depth_.Add({{"state", "waiting"}})),
      queue_in_flight_(queue_depth_.Add({{"state", "in_flight"}})),
      objects_(prometheus::BuildGauge()
                   .Name("edgecert_objects")
                   .Help("Managed objects by kind and phase (Pending, Progressing, Ready, Failed, Deleting).")
                   .Register(*registry_)),
      pack_status_(prometheus::BuildGauge()
                       .Name("edgecert_certificate_pack_status")
                       .Help("1 for the remote status each certificate pack manifest currently has.")
                       .Register(*registry_)),
      expiry_(prometheus::BuildGauge()
                  .Name("edgecert_certificate_expiry_timestamp_seconds")
                  .Help("When the certificate of a managed object expires, as a Unix timestamp.")
                  .Register(*registry_)),
      last_sync_(prometheus::BuildGauge()
                     .Name("edgecert_last_successful_sync_timestamp_seconds")
                     .Help("When the last full pass over every object completed without error (Unix time).")
                     .Register(*registry_)
                     .Add({})),
      deletions_held_back_(prometheus::BuildGauge()
                               .Name("edgecert_deletions_held_back")
                               .Help("Deletions the prune guard holds back until an operator approves them.")
                               .Register(*registry_)
                               .Add({})),
      manifest_load_errors_(prometheus::BuildCounter()
                                .Name("edgecert_manifest_load_errors_total")
                                .Help("Manifest loads that failed; the last good desired state stayed in force.")
                                .Register(*registry_)
                                .Add({})),
      manifest_last_load_successful_(prometheus::BuildGauge()
                                         .Name("edgecert_manifest_last_load_successful")
                                         .Help("1 when the last manifest load succeeded, 0 when it failed.")
                                         .Register(*registry_)
                                         .Add({})),
      manifest_last_load_success_(prometheus::BuildGauge()
                                      .Name("edgecert_manifest_last_load_success_timestamp_seconds")
                                      .Help("When the manifests were last loaded successfully (Unix time).")
                                      .Register(*registry_)
                                      .Add({})),
      budget_remaining_(prometheus::BuildGauge()
                            .Name("edgecert_api_rate_budget_remaining")
                            .Help("API requests the rate budget (--api-rate) lets go out now without waiting.")
                            .Register(*registry_)
                            .Add({})),
      budget_capacity_(prometheus::BuildGauge()
                           .Name("edgecert_api_rate_budget_capacity")
                           .Help("API requests the rate budget allows per period (--api-rate).")
                           .Register(*registry_)
                           .Add({})),
      ready_(prometheus::BuildGauge()
                 .Name("edgecert_ready")
                 .Help("1 while /readyz answers 200 (manifests loaded, the API answering), else 0.")
                 .Register(*registry_)
                 .Add({})),
      process_(std::move(proc)) {
  for (const std::string& kind : known.kinds) {
    for (std::string_view r : kReconcileResults) reconciles_.Add({{"kind", kind}, {"result", std::string(r)}});
    reconcile_kinds_.insert(kind);
    HistogramFor(reconcile_duration_, {{"kind", kind}}, ReconcileBuckets());
    for (reconcile::Phase phase : kPhases) objects_.Add({{"kind", kind}, {"phase", std::string(reconcile::PhaseName(phase))}});
    object_kinds_.insert(kind);
  }
  for (const api::EndpointTemplate& e : known.endpoints) {
    const Labels labels = {{"endpoint", std::string(e.path)}, {"method", std::string(e.method)}};
    // The answers the alerts watch (credentials refused, rate limited) start at 0; other codes appear
    // with their first answer.
    for (const char* code : {"401", "403", "429"}) {
      Labels with_code = labels;
      with_code.emplace("code", code);
      api_requests_.Add(with_code);
    }
    rate_limited_.Add(labels);
    retries_.Add(labels);
    HistogramFor(api_latency_, labels, ApiBuckets());
  }
  prometheus::BuildGauge()
      .Name("edgecert_build_info")
      .Help("Always 1; the labels say which edgecert build is running.")
      .Register(*registry_)
      .Add({{"version", build.version}, {"commit", build.commit}, {"build_date", build.build_date}})
      .Set(1);
}

void DaemonMetrics::OnReconcile(manifests::Kind kind, std::string_view result, Clock::Duration took) {
  const std::string kind_label(manifests::KindName(kind));
  {
    // The first reconcile of a kind creates every result at zero, so rate() sees the series from the start.
    std::lock_guard<std::mutex> lock(mu_);
    if (reconcile_kinds_.insert(kind_label).second) {
      for (std::string_view r : kReconcileResults) reconciles_.Add({{"kind", kind_label}, {"result", std::string(r)}});
    }
  }
  reconciles_.Add({{"kind", kind_label}, {"result", std::string(result)}}).Increment();
  HistogramFor(reconcile_duration_, {{"kind", kind_label}}, ReconcileBuckets()).Observe(Seconds(took));
}

prometheus::Histogram& DaemonMetrics::HistogramFor(prometheus::Family<prometheus::Histogram>& family,
                                                   const Labels& labels,
                                                   const prometheus::Histogram::BucketBoundaries& buckets) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = histograms_[{&family, labels}];
  if (slot == nullptr) slot = &family.Add(labels, buckets);
  return *slot;
}

void DaemonMetrics::SetQueue(std::size_t waiting, std::size_t in_flight) {
  queue_waiting_.Set(static_cast<double>(waiting));
  queue_in_flight_.Set(static_cast<double>(in_flight));
}

void DaemonMetrics::SetDeletionsHeldBack(std::size_t count) { deletions_held_back_.Set(static_cast<double>(count)); }

void DaemonMetrics::UpdateObjects(const std::vector<reconcile::ObjectStatus>& all) {
  std::map<std::string, std::map<reconcile::Phase, int>> counts;
  std::map<reconcile::ObjectKey, std::pair<Labels, double>> packs;
  std::map<reconcile::ObjectKey, std::pair<Labels, double>> expiries;
  for (const auto& object : all) {
    const std::string kind(manifests::KindName(object.key.kind));
    ++counts[kind][object.phase];
    if (object.key.kind == manifests::Kind::kCertificatePack) {
      const std::string status = object.remote_status.empty() ? "none" : object.remote_status;
      packs[object.key] = {{{"name", object.key.name}, {"zone", object.zone}, {"status", status}}, 1.0};
    }
    if (object.expires_on) {
      expiries[object.key] = {{{"kind", kind}, {"name", object.key.name}, {"zone", object.zone}},
                              std::chrono::duration<double>(object.expires_on->time_since_epoch()).count()};
    }
  }

  std::lock_guard<std::mutex> lock(mu_);
  // A kind once seen keeps its series (at zero when its objects are gone): kinds are a fixed, small set.
  for (const auto& [kind, phases] : counts) object_kinds_.insert(kind);
  for (const auto& kind : object_kinds_) {
    const auto it = counts.find(kind);
    for (reconcile::Phase phase : kPhases) {
      int n = 0;
      if (it != counts.end()) {
        const auto p = it->second.find(phase);
        if (p != it->second.end()) n = p->second;
      }
      objects_.Add({{"kind", kind}, {"phase", std::string(reconcile::PhaseName(phase))}}).Set(n);
    }
  }
  ReplaceSeries(pack_status_, pack_series_, packs);
  ReplaceSeries(expiry_, expiry_series_, expiries);
}

void DaemonMetrics::ReplaceSeries(prometheus::Family<prometheus::Gauge>& family,
                                  std::map<reconcile::ObjectKey, ObjectSeries>& series,
                                  const std::map<reconcile::ObjectKey, std::pair<Labels, double>>& wanted) {
  for (auto it = series.begin(); it != series.end();) {
    const auto w = wanted.find(it->first);
    if (w == wanted.end() || w->second.first != it->second.labels) {
      family.Remove(it->second.gauge);
      it = series.erase(it);
    } else {
      ++it;
    }
  }
  for (const auto& [key, labels_and_value] : wanted) {
    auto& entry = series[key];
    if (entry.gauge == nullptr) {
      entry.labels = labels_and_value.first;
      entry.gauge = &family.Add(entry.labels);
    }
    entry.gauge->Set(labels_and_value.second);
  }
}

void DaemonMetrics::OnSyncCompleted(std::chrono::system_clock::time_point at) { last_sync_.Set(UnixSeconds(at)); }

void DaemonMetrics::OnManifestLoad(bool ok, std::chrono::system_clock::time_point at) {
  manifest_last_load_successful_.Set(ok ? 1 : 0);
  if (ok) {
    manifest_last_load_success_.Set(UnixSeconds(at));
  } else {
    manifest_load_errors_.Increment();
  }
}

void DaemonMetrics::OnRequestStarted(std::string_view, std::string_view) { api_in_flight_.Increment(); }

void DaemonMetrics::OnRequestFinished(std::string_view method, std::string_view endpoint, int status_code,
                                      Clock::Duration latency) {
  api_in_flight_.Decrement();
  api_requests_
      .Add({{"endpoint", std::string(endpoint)}, {"method", std::string(method)}, {"code", CodeLabel(status_code)}})
      .Increment();
  HistogramFor(api_latency_, {{"endpoint", std::string(endpoint)}, {"method", std::string(method)}}, ApiBuckets())
      .Observe(Seconds(latency));
}

void DaemonMetrics::SetRateBudget(std::size_t remaining, std::size_t capacity) {
  budget_remaining_.Set(static_cast<double>(remaining));
  budget_capacity_.Set(static_cast<double>(capacity));
}

void DaemonMetrics::SetReady(bool ready) { ready_.Set(ready ? 1 : 0); }

void DaemonMetrics::OnBudgetWait(Clock::Duration waited) { budget_wait_.Observe(Seconds(waited)); }

void DaemonMetrics::OnRateLimited(std::string_view method, std::string_view endpoint, Clock::Duration) {
  rate_limited_.Add({{"endpoint", std::string(endpoint)}, {"method", std::string(method)}}).Increment();
}

void DaemonMetrics::OnRetry(std::string_view method, std::string_view endpoint, int, Clock::Duration) {
  retries_.Add({{"endpoint", std::string(endpoint)}, {"method", std::string(method)}}).Increment();
}

std::string DaemonMetrics::Serialize() const {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  for (auto& family : process_.Collect()) families.push_back(std::move(family));
  return prometheus::TextSerializer().Serialize(families);
}

}  // namespace edgecert::daemon
