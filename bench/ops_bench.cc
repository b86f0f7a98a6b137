// ops_bench: the cost of what operators read from a daemon with 1000 settled objects: refreshing the
// object metrics, rendering /metrics and /status, one API request's metrics, and a scrape of /metrics
// over HTTP on loopback. Usage: ops_bench [iterations]
#include <cpprest/http_client.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "daemon/metrics.h"
#include "daemon/ops_server.h"
#include "daemon/status_report.h"

namespace {

using edgecert::daemon::DaemonMetrics;
using Micros = std::chrono::duration<double, std::micro>;
constexpr int kObjects = 1000;

std::vector<edgecert::reconcile::ObjectStatus> SettledObjects() {
  std::vector<edgecert::reconcile::ObjectStatus> objects;
  for (int i = 0; i < kObjects; ++i) {
    edgecert::reconcile::ObjectStatus o;
    o.key = {i % 10 == 0 ? edgecert::manifests::Kind::kUniversalSsl : edgecert::manifests::Kind::kCertificatePack,
             "object-" + std::to_string(i)};
    o.zone = "zone" + std::to_string(i / 10) + ".example";
    o.phase = edgecert::reconcile::Phase::kReady;
    o.remote_id = "3f2a9c0e7b1d4e5f8a6b2c1d0e9f" + std::to_string(1000 + i);
    o.remote_status = "active";
    o.expires_on = edgecert::Clock::TimePoint(std::chrono::seconds(1'775'000'000 + i));
    o.next_action = edgecert::Clock::TimePoint(std::chrono::seconds(1'767'226'200));
    objects.push_back(std::move(o));
  }
  return objects;
}

struct Figures {
  double mean = 0, p50 = 0, p99 = 0;
};

template <typename F>
Figures Time(int n, F&& f) {
  std::vector<double> samples;
  samples.reserve(n);
  for (int i = 0; i < n; ++i) {
    const auto start = std::chrono::steady_clock::now();
    f(i);
    samples.push_back(Micros(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(samples.begin(), samples.end());
  Figures r;
  for (double s : samples) r.mean += s / n;
  r.p50 = samples[n / 2];
  r.p99 = samples[std::min<std::size_t>(n - 1, n * 99 / 100)];
  return r;
}

void Print(const char* what, const Figures& f) {
  std::printf("| %s | %.1f us | %.1f us | %.1f us |\n", what, f.mean, f.p50, f.p99);
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 200;
  DaemonMetrics metrics({"bench"});
  const auto objects = SettledObjects();
  const char* endpoints[] = {"/zones", "/zones/{zone_id}/ssl/certificate_packs",
                             "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}",
                             "/zones/{zone_id}/ssl/universal/settings"};
  for (const char* e : endpoints) metrics.OnRequestFinished("GET", e, 200, std::chrono::milliseconds(80));
  metrics.OnReconcile(edgecert::manifests::Kind::kCertificatePack, "done", std::chrono::milliseconds(20));
  metrics.OnReconcile(edgecert::manifests::Kind::kUniversalSsl, "done", std::chrono::milliseconds(20));

  std::printf("ops_bench: %d objects, %d iterations\n\n| measurement | mean | p50 | p99 |\n| --- | --- | --- | --- |\n",
              kObjects, n);
  Print("UpdateObjects (1000 objects)", Time(n, [&](int) { metrics.UpdateObjects(objects); }));
  std::size_t metrics_bytes = 0;
  Print("Serialize /metrics", Time(n, [&](int) { metrics_bytes = metrics.Serialize().size(); }));
  edgecert::daemon::StatusReport report;
  report.daemon.version = "bench";
  report.objects = objects;
  std::size_t status_bytes = 0;
  Print("StatusReportToJson /status", Time(n, [&](int) { status_bytes = edgecert::daemon::StatusReportToJson(report).size(); }));
  Print("one API request's metrics (started + finished)", Time(n * 100, [&](int i) {
          metrics.OnRequestStarted("GET", endpoints[i % 4]);
          metrics.OnRequestFinished("GET", endpoints[i % 4], 200, std::chrono::milliseconds(80));
        }));

  edgecert::daemon::OpsHandlers handlers;
  handlers.metrics_text = [&] { return metrics.Serialize(); };
  auto server = edgecert::daemon::OpsServer::Start("127.0.0.1:0", std::move(handlers));
  if (!server.ok()) {
    std::fprintf(stderr, "ops_bench: %s\n", server.status().ToString().c_str());
    return 1;
  }
  web::http::client::http_client client((*server)->url());
  Print("GET /metrics over loopback HTTP", Time(n, [&](int) {
          client.request(web::http::methods::GET, "/metrics").get().extract_string(true).get();
        }));
  std::printf("\n/metrics: %zu bytes; /status: %zu bytes\n", metrics_bytes, status_bytes);
  return 0;
}
