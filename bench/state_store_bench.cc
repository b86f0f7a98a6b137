// state_store_bench: `edgecert run` converges N packs from empty once with the file state store and once
// with the etcd state store (Debian's etcd-server, one member on free loopback ports, started as the HA
// tests start it), against an emulator on a fast clock with no rate limit, so the store's own cost shows.
// For each store: wall time from the daemon's start to every pack Ready, the daemon's peak RSS (VmHWM)
// and CPU, and for etcd the gateway calls by path (edgecert_etcd_request_duration_seconds_count) per
// object (kv range/txn and lease calls), and etcd-server's peak RSS.
//   state_store_bench [--objects N] [--store file|etcd|both] [--time-scale X]
#include <cpprest/asyncrt_utils.h>
#include <cpprest/json.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/daemon_harness.h"
#include "tests/daemon_e2e/etcd_cluster.h"

using edgecert::bench::DaemonHarness;
using namespace edgecert::testing;
using Steady = std::chrono::steady_clock;

namespace {

struct Options {
  int objects = 1000;
  std::string store = "both";
  double time_scale = 100;
};

constexpr char kEtcdCount[] = "edgecert_etcd_request_duration_seconds_count{path=\"";

// Gateway path -> calls, from the daemon's metrics.
std::map<std::string, double> EtcdCalls(const std::map<std::string, double>& metrics) {
  std::map<std::string, double> calls;
  for (const auto& [series, value] : metrics) {
    if (series.rfind(kEtcdCount, 0) != 0) continue;
    const std::string rest = series.substr(sizeof(kEtcdCount) - 1);
    calls[rest.substr(0, rest.find('"'))] += value;
  }
  return calls;
}

// How many keys etcd holds below `prefix` (a count-only range straight to the server).
long EtcdKeys(const EtcdCluster& etcd, const std::string& prefix) {
  std::string end = prefix;
  end.back() = static_cast<char>(end.back() + 1);
  auto b64 = [](const std::string& s) {
    return utility::conversions::to_base64(std::vector<unsigned char>(s.begin(), s.end()));
  };
  HttpAnswer a = Http(etcd.ClientUrl(0), "POST", "/v3/kv/range",
                      R"({"key":")" + b64(prefix) + R"(","range_end":")" + b64(end) + R"(","count_only":true})");
  try {
    const auto v = web::json::value::parse(a.body);
    return v.has_field("count") ? std::stol(v.at("count").as_string()) : 0;
  } catch (const std::exception&) {
    return -1;
  }
}

int Run(const Options& o, bool etcd_store) {
  DaemonHarness h(o.objects, 0);
  std::unique_ptr<EtcdCluster> etcd;
  std::vector<std::string> state;
  if (etcd_store) {
    if (EtcdCluster::Binary().empty()) {
      std::fprintf(stderr, "etcd is not installed (scripts/deps.sh installs etcd-server)\n");
      return 1;
    }
    etcd = std::make_unique<EtcdCluster>(h.root(), 1);
    if (!etcd->ready()) {
      std::fprintf(stderr, "etcd did not start:\n%s\n", etcd->Logs().c_str());
      return 1;
    }
    state = {"--state-store", "etcd://" + etcd->Endpoints() + "/edgecert/bench", "--instance", "bench"};
  }
  const char* name = etcd_store ? "etcd" : "file";
  const auto t0 = Steady::now();
  if (!h.Start(o.time_scale, {"--log-level", "warn"}, state) || !h.Settle(std::chrono::seconds(900))) return 1;
  const double wall = std::chrono::duration<double>(Steady::now() - t0).count();
  const ProcessFigures figures = ReadProcessFigures(h.daemon().pid());
  const auto metrics = h.Metrics();
  const auto [live, duplicates] = h.LiveAndDuplicates();
  std::printf(
      "%s store: %d packs Ready %.1f s after the daemon started; peak RSS %ld KiB (%.1f MiB), CPU %.2f s; "
      "%.0f API requests; %zu live packs, %zu host sets held twice\n",
      name, o.objects, wall, figures.peak_rss_kb, figures.peak_rss_kb / 1024.0, figures.cpu_seconds,
      SumMetric(metrics, "edgecert_api_requests_total"), live, duplicates);
  if (etcd_store) {
    double kv_calls = 0, lease_calls = 0;
    for (const auto& [path, calls] : EtcdCalls(metrics)) {
      // kv: inventory reads, fenced inventory writes and the election's leader read; lease: the election.
      (path.rfind("/v3/lease/", 0) == 0 ? lease_calls : kv_calls) += calls;
      std::printf("  etcd %-22s %6.0f calls\n", path.c_str(), calls);
    }
    std::printf(
        "  etcd calls: %.0f in all = %.2f per object (kv %.0f, lease %.0f); etcd holds %ld object keys and "
        "%ld intent keys; etcd-server peak RSS %ld KiB\n",
        kv_calls + lease_calls, (kv_calls + lease_calls) / o.objects, kv_calls, lease_calls,
        EtcdKeys(*etcd, "/edgecert/bench/objects/"), EtcdKeys(*etcd, "/edgecert/bench/intents/"),
        ReadProcessFigures(etcd->Pid(0)).peak_rss_kb);
  }
  std::fflush(stdout);
  return duplicates == 0 && live == static_cast<std::size_t>(o.objects) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--objects")
      o.objects = std::stoi(value);
    else if (flag == "--store")
      o.store = value;
    else if (flag == "--time-scale")
      o.time_scale = std::stod(value);
    else {
      std::fprintf(stderr, "usage: state_store_bench [--objects N] [--store file|etcd|both] [--time-scale X]\n");
      return 2;
    }
  }
  int failed = 0;
  if (o.store == "file" || o.store == "both") failed += Run(o, false);
  if (o.store == "etcd" || o.store == "both") failed += Run(o, true);
  return failed == 0 ? 0 : 1;
}
