// DaemonMetrics: names, labels and values as Prometheus scrapes them (read back from Serialize()).
#include "daemon/metrics.h"

#include <gmock/gmock.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/daemon/metrics_text.h"

namespace edgecert::daemon::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Key;
using ::testing::Not;

constexpr const char* kPacksEndpoint = "/zones/{zone_id}/ssl/certificate_packs";

reconcile::ObjectStatus Object(manifests::Kind kind, std::string name, reconcile::Phase phase,
                               std::string remote_status = "") {
  reconcile::ObjectStatus o;
  o.key = {kind, std::move(name)};
  o.zone = "example.com";
  o.phase = phase;
  o.remote_id = "3f2a9c0e7b1d4e5f8a6b2c1d0e9f8a7b";
  o.remote_status = std::move(remote_status);
  return o;
}

TEST(DaemonMetricsTest, BuildInfoAndZeroedSeriesFromTheStart) {
  DaemonMetrics metrics({"1.2.3", "0123456789ab", "2026-01-31T12:00:00Z"});
  auto s = ParseMetricsText(metrics.Serialize());
  EXPECT_EQ(s.at("edgecert_build_info{build_date=\"2026-01-31T12:00:00Z\",commit=\"0123456789ab\",version=\"1.2.3\"}"), 1);
  EXPECT_EQ(s.at("edgecert_work_queue_depth{state=\"waiting\"}"), 0);
  EXPECT_EQ(s.at("edgecert_work_queue_depth{state=\"in_flight\"}"), 0);
  EXPECT_EQ(s.at("edgecert_manifest_load_errors_total"), 0);
  EXPECT_EQ(s.at("edgecert_last_successful_sync_timestamp_seconds"), 0);
  EXPECT_EQ(s.at("edgecert_api_budget_wait_seconds_count"), 0);
  EXPECT_EQ(s.at("edgecert_api_requests_in_flight"), 0);
}

TEST(DaemonMetricsTest, ReconcilesByKindAndResultWithDurationHistogram) {
  DaemonMetrics metrics({"1.0.0"});
  metrics.OnReconcile(manifests::Kind::kCertificatePack, "done", 30ms);
  metrics.OnReconcile(manifests::Kind::kCertificatePack, "requeue", 2s);
  metrics.OnReconcile(manifests::Kind::kCertificatePack, "done", 40ms);
  auto s = ParseMetricsText(metrics.Serialize());
  EXPECT_EQ(s["edgecert_reconciles_total{kind=\"CertificatePack\",result=\"done\"}"], 2);
  EXPECT_EQ(s["edgecert_reconciles_total{kind=\"CertificatePack\",result=\"requeue\"}"], 1);
  // Every result exists at zero as soon as the kind is seen.
  EXPECT_EQ(s.at("edgecert_reconciles_total{kind=\"CertificatePack\",result=\"retry\"}"), 0);
  EXPECT_EQ(s.at("edgecert_reconciles_total{kind=\"CertificatePack\",result=\"failed\"}"), 0);
  EXPECT_EQ(s["edgecert_reconcile_duration_seconds_count{kind=\"CertificatePack\"}"], 3);
  EXPECT_NEAR(s["edgecert_reconcile_duration_seconds_sum{kind=\"CertificatePack\"}"], 2.07, 1e-9);
  EXPECT_EQ(s["edgecert_reconcile_duration_seconds_bucket{kind=\"CertificatePack\",le=\"0.025\"}"], 0);
  EXPECT_EQ(s["edgecert_reconcile_duration_seconds_bucket{kind=\"CertificatePack\",le=\"0.05\"}"], 2);
  EXPECT_EQ(s["edgecert_reconcile_duration_seconds_bucket{kind=\"CertificatePack\",le=\"2.5\"}"], 3);
  EXPECT_EQ(s["edgecert_reconcile_duration_seconds_bucket{kind=\"CertificatePack\",le=\"+Inf\"}"], 3);
}

TEST(DaemonMetricsTest, ClientObserverFeedsRequestLatencyRateLimitsRetriesAndBudget) {
  DaemonMetrics metrics({"1.0.0"});
  api::ClientObserver& observer = metrics;
  observer.OnRequestStarted("GET", kPacksEndpoint);
  observer.OnRequestStarted("GET", kPacksEndpoint);
  EXPECT_EQ(ParseMetricsText(metrics.Serialize())["edgecert_api_requests_in_flight"], 2);
  observer.OnRequestFinished("GET", kPacksEndpoint, 200, 120ms);
  observer.OnRequestFinished("GET", kPacksEndpoint, 429, 10ms);
  observer.OnRequestStarted("POST", kPacksEndpoint);
  observer.OnRequestFinished("POST", kPacksEndpoint, 0, 5s);
  observer.OnRateLimited("GET", kPacksEndpoint, 30s);
  observer.OnRetry("GET", kPacksEndpoint, 1, 1s);
  observer.OnRetry("POST", kPacksEndpoint, 1, 1s);
  observer.OnRetry("POST", kPacksEndpoint, 2, 2s);
  observer.OnBudgetWait(250ms);
  observer.OnBudgetWait(4s);

  auto s = ParseMetricsText(metrics.Serialize());
  const std::string ep = std::string("endpoint=\"") + kPacksEndpoint + "\"";
  EXPECT_EQ(s["edgecert_api_requests_in_flight"], 0);
  EXPECT_EQ(s["edgecert_api_requests_total{code=\"200\"," + ep + ",method=\"GET\"}"], 1);
  EXPECT_EQ(s["edgecert_api_requests_total{code=\"429\"," + ep + ",method=\"GET\"}"], 1);
  EXPECT_EQ(s["edgecert_api_requests_total{code=\"none\"," + ep + ",method=\"POST\"}"], 1);
  EXPECT_EQ(s["edgecert_api_request_duration_seconds_count{" + ep + ",method=\"GET\"}"], 2);
  EXPECT_NEAR(s["edgecert_api_request_duration_seconds_sum{" + ep + ",method=\"GET\"}"], 0.13, 1e-9);
  EXPECT_EQ(s["edgecert_api_request_duration_seconds_bucket{" + ep + ",method=\"POST\",le=\"2.5\"}"], 0);
  EXPECT_EQ(s["edgecert_api_request_duration_seconds_bucket{" + ep + ",method=\"POST\",le=\"5\"}"], 1);
  EXPECT_EQ(s["edgecert_api_rate_limited_total{" + ep + ",method=\"GET\"}"], 1);
  EXPECT_EQ(s["edgecert_api_retries_total{" + ep + ",method=\"GET\"}"], 1);
  EXPECT_EQ(s["edgecert_api_retries_total{" + ep + ",method=\"POST\"}"], 2);
  EXPECT_EQ(s["edgecert_api_budget_wait_seconds_count"], 2);
  EXPECT_NEAR(s["edgecert_api_budget_wait_seconds_sum"], 4.25, 1e-9);
  EXPECT_EQ(s["edgecert_api_budget_wait_seconds_bucket{le=\"1\"}"], 1);
}

TEST(DaemonMetricsTest, QueueDepthSyncAndManifestLoads) {
  DaemonMetrics metrics({"1.0.0"});
  metrics.SetQueue(7, 3);
  const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'767'225'600));
  metrics.OnSyncCompleted(t0);
  metrics.OnManifestLoad(true, t0);
  auto s = ParseMetricsText(metrics.Serialize());
  EXPECT_EQ(s["edgecert_work_queue_depth{state=\"waiting\"}"], 7);
  EXPECT_EQ(s["edgecert_work_queue_depth{state=\"in_flight\"}"], 3);
  EXPECT_EQ(s["edgecert_last_successful_sync_timestamp_seconds"], 1'767'225'600);
  EXPECT_EQ(s["edgecert_manifest_last_load_successful"], 1);
  EXPECT_EQ(s["edgecert_manifest_last_load_success_timestamp_seconds"], 1'767'225'600);
  EXPECT_EQ(s["edgecert_manifest_load_errors_total"], 0);

  // A failed load counts, flips the flag, and leaves the last success time where it was.
  metrics.OnManifestLoad(false, t0 + 60s);
  metrics.OnManifestLoad(false, t0 + 120s);
  s = ParseMetricsText(metrics.Serialize());
  EXPECT_EQ(s["edgecert_manifest_load_errors_total"], 2);
  EXPECT_EQ(s["edgecert_manifest_last_load_successful"], 0);
  EXPECT_EQ(s["edgecert_manifest_last_load_success_timestamp_seconds"], 1'767'225'600);

  metrics.OnManifestLoad(true, t0 + 180s);
  s = ParseMetricsText(metrics.Serialize());
  EXPECT_EQ(s["edgecert_manifest_last_load_successful"], 1);
  EXPECT_EQ(s["edgecert_manifest_last_load_success_timestamp_seconds"], 1'767'225'780);
}

TEST(DaemonMetricsTest, ObjectsByKindAndPhaseAndPackStatusFollowTheBoard) {
  DaemonMetrics metrics({"1.0.0"});
  auto www = Object(manifests::Kind::kCertificatePack, "www", reconcile::Phase::kProgressing, "pending_validation");
  auto api = Object(manifests::Kind::kCertificatePack, "api", reconcile::Phase::kReady, "active");
  auto mtls = Object(manifests::Kind::kMtlsCertificate, "ca", reconcile::Phase::kReady);
  mtls.expires_on = Clock::TimePoint(std::chrono::seconds(1'800'000'000));
  metrics.UpdateObjects({api, www, mtls});

  auto s = ParseMetricsText(metrics.Serialize());
  EXPECT_EQ(s["edgecert_objects{kind=\"CertificatePack\",phase=\"Progressing\"}"], 1);
  EXPECT_EQ(s["edgecert_objects{kind=\"CertificatePack\",phase=\"Ready\"}"], 1);
  EXPECT_EQ(s.at("edgecert_objects{kind=\"CertificatePack\",phase=\"Failed\"}"), 0);
  EXPECT_EQ(s["edgecert_objects{kind=\"MTLSCertificate\",phase=\"Ready\"}"], 1);
  EXPECT_EQ(s["edgecert_certificate_pack_status{name=\"www\",status=\"pending_validation\",zone=\"example.com\"}"], 1);
  EXPECT_EQ(s["edgecert_certificate_pack_status{name=\"api\",status=\"active\",zone=\"example.com\"}"], 1);
  EXPECT_EQ(
      s["edgecert_certificate_expiry_timestamp_seconds{kind=\"MTLSCertificate\",name=\"ca\",zone=\"example.com\"}"],
      1'800'000'000);

  // www becomes active: one series per pack, the old status is gone. api leaves the manifests: its
  // series is dropped. MTLSCertificate leaves too: its kind stays, at zero.
  www.phase = reconcile::Phase::kReady;
  www.remote_status = "active";
  www.expires_on = Clock::TimePoint(std::chrono::seconds(1'775'000'000));
  metrics.UpdateObjects({www});
  const std::string text = metrics.Serialize();
  s = ParseMetricsText(text);
  EXPECT_EQ(s["edgecert_certificate_pack_status{name=\"www\",status=\"active\",zone=\"example.com\"}"], 1);
  EXPECT_THAT(s, Not(Contains(Key(
                     "edgecert_certificate_pack_status{name=\"www\",status=\"pending_validation\",zone=\"example.com\"}"))));
  EXPECT_THAT(text, Not(HasSubstr("name=\"api\"")));
  EXPECT_THAT(text, Not(HasSubstr("name=\"ca\"")));
  EXPECT_EQ(s["edgecert_certificate_expiry_timestamp_seconds{kind=\"CertificatePack\",name=\"www\",zone=\"example.com\"}"],
            1'775'000'000);
  EXPECT_EQ(s["edgecert_objects{kind=\"CertificatePack\",phase=\"Ready\"}"], 1);
  EXPECT_EQ(s["edgecert_objects{kind=\"CertificatePack\",phase=\"Progressing\"}"], 0);
  EXPECT_EQ(s.at("edgecert_objects{kind=\"MTLSCertificate\",phase=\"Ready\"}"), 0);
}

TEST(DaemonMetricsTest, NoRemoteIdOrErrorTextInAnyLabel) {
  DaemonMetrics metrics({"1.0.0"});
  auto failed = Object(manifests::Kind::kCertificatePack, "www", reconcile::Phase::kFailed, "validation_timed_out");
  failed.last_error = "validation timed out for www.example.com";
  metrics.UpdateObjects({failed});
  const std::string text = metrics.Serialize();
  EXPECT_THAT(text, Not(HasSubstr(failed.remote_id)));
  EXPECT_THAT(text, Not(HasSubstr("timed out for")));
}

TEST(DaemonMetricsTest, CountsFromManyThreadsAddUp) {
  DaemonMetrics metrics({"1.0.0"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&metrics, t] {
      for (int i = 0; i < 500; ++i) {
        metrics.OnRequestStarted("GET", kPacksEndpoint);
        metrics.OnRequestFinished("GET", kPacksEndpoint, 200, 1ms);
        metrics.OnReconcile(t % 2 ? manifests::Kind::kCertificatePack : manifests::Kind::kUniversalSsl, "done", 1ms);
        if (i % 50 == 0)
          metrics.UpdateObjects(
              {Object(manifests::Kind::kCertificatePack, "p" + std::to_string(t), reconcile::Phase::kReady, "active")});
      }
    });
  }
  for (auto& t : threads) t.join();
  auto s = ParseMetricsText(metrics.Serialize());
  EXPECT_EQ(s[std::string("edgecert_api_requests_total{code=\"200\",endpoint=\"") + kPacksEndpoint + "\",method=\"GET\"}"],
            2000);
  EXPECT_EQ(s["edgecert_api_requests_in_flight"], 0);
  EXPECT_EQ(s["edgecert_reconciles_total{kind=\"CertificatePack\",result=\"done\"}"], 1000);
  EXPECT_EQ(s["edgecert_reconciles_total{kind=\"UniversalSSL\",result=\"done\"}"], 1000);
}

// Every reconciled kind and every API endpoint has its series at 0 before anything happened.
TEST(DaemonMetricsTest, KnownKindsAndEndpointsStartAtZero) {
  DaemonMetrics metrics({"1.0.0"});
  auto s = ParseMetricsText(metrics.Serialize());
  for (const char* kind : {"CertificatePack", "MTLSCertificate", "HostnameAssociation", "ClientCertificate",
                           "CustomCSR", "CustomHostname", "UniversalSSL"}) {
    const std::string k = "kind=\"" + std::string(kind) + "\"";
    for (const char* result : {"done", "requeue", "retry", "failed"}) {
      EXPECT_EQ(s.at("edgecert_reconciles_total{" + k + ",result=\"" + result + "\"}"), 0) << kind << result;
    }
    EXPECT_EQ(s.at("edgecert_reconcile_duration_seconds_count{" + k + "}"), 0) << kind;
    for (const char* phase : {"Pending", "Progressing", "Ready", "Failed", "Deleting"}) {
      EXPECT_EQ(s.at("edgecert_objects{" + k + ",phase=\"" + phase + "\"}"), 0) << kind << phase;
    }
  }
  EXPECT_THAT(s, Not(Contains(Key(HasSubstr("kind=\"Zone\"")))));
  for (const auto& e : api::KnownEndpoints()) {
    const std::string labels = "endpoint=\"" + std::string(e.path) + "\",method=\"" + std::string(e.method) + "\"";
    EXPECT_EQ(s.at("edgecert_api_rate_limited_total{" + labels + "}"), 0) << labels;
    EXPECT_EQ(s.at("edgecert_api_retries_total{" + labels + "}"), 0) << labels;
    EXPECT_EQ(s.at("edgecert_api_request_duration_seconds_count{" + labels + "}"), 0) << labels;
    for (const char* code : {"401", "403", "429"}) {
      EXPECT_EQ(s.at("edgecert_api_requests_total{code=\"" + std::string(code) + "\"," + labels + "}"), 0) << labels;
    }
  }
  EXPECT_EQ(s.at("edgecert_ready"), 0);
  EXPECT_GT(s.at("process_resident_memory_bytes"), 0);
}

TEST(DaemonMetricsTest, ReadyGaugeFollowsReadiness) {
  DaemonMetrics metrics({"1.0.0"});
  metrics.SetReady(true);
  EXPECT_EQ(ParseMetricsText(metrics.Serialize()).at("edgecert_ready"), 1);
  metrics.SetReady(false);
  EXPECT_EQ(ParseMetricsText(metrics.Serialize()).at("edgecert_ready"), 0);
}

// `promtool check metrics` (Debian package prometheus) lints names, types, units and help texts.
TEST(DaemonMetricsTest, PromtoolCheckMetricsIsClean) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "promtool is not on PATH (install the Debian package prometheus; scripts/deps.sh does)";
  }
  DaemonMetrics metrics({"1.2.3"});
  metrics.OnReconcile(manifests::Kind::kCertificatePack, "done", 30ms);
  metrics.OnRequestStarted("GET", kPacksEndpoint);
  metrics.OnRequestFinished("GET", kPacksEndpoint, 200, 120ms);
  metrics.OnRateLimited("GET", kPacksEndpoint, 1s);
  metrics.OnRetry("GET", kPacksEndpoint, 1, 1s);
  metrics.OnBudgetWait(1s);
  auto pack = Object(manifests::Kind::kCertificatePack, "www", reconcile::Phase::kReady, "active");
  pack.expires_on = Clock::TimePoint(std::chrono::seconds(1'800'000'000));
  metrics.UpdateObjects({pack});
  metrics.OnSyncCompleted(std::chrono::system_clock::now());
  metrics.OnManifestLoad(false, std::chrono::system_clock::now());

  const auto file = std::filesystem::temp_directory_path() /
                    ("edgecert-metrics-" + std::to_string(::getpid()) + ".prom");
  {
    std::ofstream out(file);
    out << metrics.Serialize();
  }
  const std::string command = "promtool check metrics < '" + file.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
  const int status = ::pclose(pipe);
  std::filesystem::remove(file);
  EXPECT_EQ(WEXITSTATUS(status), 0) << output;
  EXPECT_EQ(output, "") << output;
}

}  // namespace
}  // namespace edgecert::daemon::testing
