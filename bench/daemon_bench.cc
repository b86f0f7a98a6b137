// daemon_bench: `edgecert run` as a process against an `edgecert emulator` process, measured from the
// outside (/proc, the daemon's /metrics and /status, the emulator's history). Three modes:
//   idle  [--objects N] [--seconds S] [--resync D]   settle N packs, then CPU and RSS over S seconds
//   edit  [--objects N] [--edits K]                  manifest edit -> the order reaches the API, K times
//   soak  [--minutes M] [--objects N] [--time-scale X] changes and faults on a fast emulator clock;
//                                                    RSS, CPU and request rate per interval
//   converge [--objects N]   N new packs from empty at the real budget on a real-time emulator (each
//                            lifecycle step 1 s, its own 1200/300 s limit on): requests against the
//                            lower bound, 429s, time to all active
//   converge-mixed [--objects N] [--records-out]  N objects (default 10000: per zone 50 packs, 48 custom hostnames, an
//                            mTLS CA and its association) from empty, the budget lifted, the quotas
//                            raised: requests, time to all Ready, the daemon's CPU and RSS (with
//                            --records-out the daemon also keeps a --dns-records-out directory)
//   resync [--objects N]     settled packs: the requests of one daemon resync, then the same packs read
//                            by one list per zone and by one GET per pack (a per-object refresh)
// The emulator serves N packs over ceil(N/50) zones with every lifecycle step 1 emulator second.
#include <cpprest/json.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/daemon_harness.h"

using namespace edgecert::testing;
using Steady = std::chrono::steady_clock;

namespace {

using edgecert::bench::DaemonHarness;
using edgecert::bench::kPacksPerZone;

struct Options {
  std::string mode;
  int objects = 1000;
  int seconds = 60;
  std::string resync = "10m";
  int edits = 10;
  int minutes = 10;
  double time_scale = 1440;     // soak: one real minute is one emulator day
  int emulator_rate_limit = 0;  // the emulator's own limit per 300 s (0: off)
  bool records_out = false;     // converge-mixed: the daemon keeps a --dns-records-out directory
};

int Idle(DaemonHarness& b, const Options& o) {
  if (!b.Start(100, {"--resync", o.resync, "--log-level", "warn"}) || !b.Settle(std::chrono::seconds(900))) return 1;
  // No probes during the window: a /status of 1000 objects costs the daemon milliseconds of CPU.
  const double requests = b.Requests();
  const ProcessFigures start = ReadProcessFigures(b.daemon().pid());
  const auto t0 = Steady::now();
  long max_rss = start.rss_kb;
  while (Steady::now() - t0 < std::chrono::seconds(o.seconds)) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    max_rss = std::max(max_rss, ReadProcessFigures(b.daemon().pid()).rss_kb);
  }
  const ProcessFigures end = ReadProcessFigures(b.daemon().pid());
  const double wall = std::chrono::duration<double>(Steady::now() - t0).count();
  std::printf(
      "idle over %.0f s (resync %s): CPU %.3f s = %.3f %% of a core; RSS %ld KiB at start, %ld KiB max, "
      "%ld KiB peak (VmHWM); %.0f API requests\n",
      wall, o.resync.c_str(), end.cpu_seconds - start.cpu_seconds, 100 * (end.cpu_seconds - start.cpu_seconds) / wall,
      start.rss_kb, max_rss, end.peak_rss_kb, b.Requests() - requests);
  return 0;
}

int Edit(DaemonHarness& b, const Options& o) {
  if (!b.Start(100, {"--log-level", "warn"}) || !b.Settle(std::chrono::seconds(900))) return 1;
  std::vector<double> latencies;
  for (int k = 0; k < o.edits; ++k) {
    const int zone = k % b.zones();
    const int pack = zone * kPacksPerZone + k / b.zones();
    const std::uint64_t since = b.LastSeq();
    const auto to_real = b.EmulatorToReal();
    const double edited = DaemonHarness::NowUnixMs();
    b.WriteZone(zone, {{pack, "edit" + std::to_string(k)}});  // one pack gains a host: a new order
    double first = 0;
    if (!b.Until(std::chrono::seconds(30), [&] {
          web::json::value h = b.History(since);
          if (h.size() == 0) return false;
          first = to_real(h.at(0).at("at_unix_ms").as_number().to_double());
          return true;
        })) {
      std::fprintf(stderr, "edit %d reached no API write\n", k);
      return 1;
    }
    latencies.push_back(first - edited);
    std::printf("edit %d: order committed %.0f ms after the save\n", k, first - edited);
    b.Settle(std::chrono::seconds(120));
  }
  std::sort(latencies.begin(), latencies.end());
  std::printf("edit -> first API write over %zu edits with %d objects: median %.0f ms, max %.0f ms\n", latencies.size(),
              o.objects, latencies[latencies.size() / 2], latencies.back());
  return 0;
}

int Soak(DaemonHarness& b, const Options& o) {
  if (!b.Start(o.time_scale, {"--resync", "30s", "--log-level", "warn"}) || !b.Settle(std::chrono::seconds(900))) {
    return 1;
  }
  const char* faults[] = {
      R"({"errors": [{"route": "*", "rate": 0.05, "status": 503, "remaining": -1}]})",
      R"({"errors": [{"route": "*", "method": "GET", "rate": 0.05, "status": 429, "remaining": 20}]})",
      R"({"drops": [{"route": "*/order", "rate": 0.5, "remaining": -1}], "latency": [{"route": "*", "min_ms": 5, "max_ms": 50}]})",
      "{}",
  };
  std::printf("%8s %12s %10s %10s %10s %12s %10s\n", "minute", "emulator_day", "rss_kib", "cpu_pct", "req_per_s",
              "ready", "changes");
  const auto t0 = Steady::now();
  ProcessFigures last = ReadProcessFigures(b.daemon().pid());
  double last_requests = b.Requests();
  auto last_t = t0;
  int changes = 0;
  for (int minute = 1; minute <= o.minutes; ++minute) {
    // Each 10 s: one pack of a rotating zone changes its hosts (a replacement); each minute a new fault plan.
    b.Faults(faults[(minute - 1) % 4]);
    for (int tick = 0; tick < 6; ++tick) {
      const int zone = changes % b.zones();
      b.WriteZone(zone,
                  {{zone * kPacksPerZone + (changes / b.zones()) % kPacksPerZone, "s" + std::to_string(changes)}});
      ++changes;
      std::this_thread::sleep_for(std::chrono::seconds(10));
    }
    const ProcessFigures now = ReadProcessFigures(b.daemon().pid());
    const double requests = b.Requests();
    const auto t = Steady::now();
    const double dt = std::chrono::duration<double>(t - last_t).count();
    std::printf("%8d %12.1f %10ld %10.2f %10.2f %12zu %10d\n", minute,
                std::chrono::duration<double>(t - t0).count() * o.time_scale / 86400, now.rss_kb,
                100 * (now.cpu_seconds - last.cpu_seconds) / dt, (requests - last_requests) / dt, b.ReadyObjects(),
                changes);
    std::fflush(stdout);
    last = now;
    last_requests = requests;
    last_t = t;
  }
  b.Faults("{}");
  const bool settled = b.Settle(std::chrono::seconds(300));
  const auto [live, duplicates] = b.LiveAndDuplicates();
  std::printf("after the soak: %s, %zu live packs, %zu host sets held twice, peak RSS %ld KiB\n",
              settled ? "settled" : "NOT settled", live, duplicates, ReadProcessFigures(b.daemon().pid()).peak_rss_kb);
  b.daemon().Signal(SIGTERM);
  const auto code = b.daemon().WaitExit(std::chrono::seconds(60));
  std::printf("SIGTERM: exit %d\n", code ? *code : -1);
  return settled && duplicates == 0 && code == 0 ? 0 : 1;
}

int Converge(DaemonHarness& b, const Options& o) {
  // Real time: every lifecycle step takes 1 s, and the emulator enforces Cloudflare's 1200 per 300 s.
  if (!b.Start(1, {"--log-level", "warn"})) return 1;
  const auto t0 = Steady::now();
  if (!b.Settle(std::chrono::seconds(900))) return 1;
  const double seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  const auto metrics = b.Metrics();
  const double requests = SumMetric(metrics, "edgecert_api_requests_total");
  double throttled = 0;
  for (const auto& [series, value] : metrics) {
    if (series.rfind("edgecert_api_requests_total{", 0) == 0 && series.find("code=\"429\"") != std::string::npos) {
      throttled += value;
    }
  }
  // Where the time went: the orders' commits in the emulator's history (emulator time = real time here).
  const web::json::value history = b.History(0);
  if (history.size() > 0) {
    const double first = history.at(0).at("at_unix_ms").as_number().to_double();
    const double last = history.at(history.size() - 1).at("at_unix_ms").as_number().to_double();
    std::printf("orders: %zu committed over %.1f s (%.0f per second)\n", history.size(), (last - first) / 1000,
                history.size() * 1000.0 / std::max(1.0, last - first));
  }
  // One zone lookup by name, one list to start and one that sees everything active, per zone, and an
  // order per pack.
  const int lower = o.objects + 3 * b.zones();
  std::printf(
      "converge %d packs over %d zones from empty: all active %.1f s after start; %.0f requests, lower "
      "bound %d (%d orders + 3 x %d zones) = %.3f x; %.0f answered 429\n",
      o.objects, b.zones(), seconds, requests, lower, o.objects, b.zones(), requests / lower, throttled);
  return throttled == 0 ? 0 : 1;
}

int ConvergeMixed(DaemonHarness& b, const Options& o) {
  // Emulator at 100x: lifecycle steps of 10 ms, so the time is the daemon's and the emulator's work.
  std::vector<std::string> flags{"--log-level", "warn", "--api-rate", "1000000/1s"};
  if (o.records_out) flags.insert(flags.end(), {"--dns-records-out", (b.root() / "records").string()});
  if (!b.Start(100, flags)) return 1;
  const auto t0 = Steady::now();
  if (!b.Settle(std::chrono::seconds(1800))) return 1;
  const double seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  const ProcessFigures daemon = ReadProcessFigures(b.daemon().pid());
  const auto metrics = b.Metrics();
  const double requests = SumMetric(metrics, "edgecert_api_requests_total");
  std::map<std::string, double> by_method;
  for (const auto& [series, value] : metrics) {
    if (series.rfind("edgecert_api_requests_total{", 0) != 0) continue;
    const auto m = series.find("method=\"");
    if (m != std::string::npos) by_method[series.substr(m + 8, series.find('"', m + 8) - m - 8)] += value;
  }
  std::printf("converge-mixed%s %d objects over %d zones from empty: all Ready %.1f s after start; %.0f requests (",
              o.records_out ? " --dns-records-out" : "", b.objects(), b.zones(), seconds, requests);
  for (const auto& [method, n] : by_method) std::printf(" %s %.0f", method.c_str(), n);
  std::printf(" ); daemon CPU %.1f s, peak RSS %ld KiB\n", daemon.cpu_seconds, daemon.peak_rss_kb);
  return 0;
}

int Resync(DaemonHarness& b, const Options& o) {
  if (!b.Start(100, {"--resync", "20s", "--log-level", "warn"}) || !b.Settle(std::chrono::seconds(900))) return 1;
  // One resync of the settled daemon: wait for its requests to start, then for them to stop.
  double before = b.Requests();
  if (!b.Until(std::chrono::seconds(60), [&] { return b.Requests() > before; })) return 1;
  double last = b.Requests();
  auto stable_since = Steady::now();
  while (Steady::now() - stable_since < std::chrono::seconds(3)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const double now = b.Requests();
    if (now != last) {
      last = now;
      stable_since = Steady::now();
    }
  }
  std::printf("daemon resync of %d settled packs over %d zones: %.0f requests\n", o.objects, b.zones(), last - before);
  // The same state read from here, over the same emulator: one list per zone, then one GET per pack.
  const auto packs = b.PackIds();
  std::map<std::string, int> zones;
  for (const auto& [zone, id] : packs) ++zones[zone];
  auto t = Steady::now();
  int failed = 0;
  for (const auto& [zone, n] : zones) {
    failed += b.Api("/zones/" + zone + "/ssl/certificate_packs?status=all&per_page=50") != 200;
  }
  const double list_s = std::chrono::duration<double>(Steady::now() - t).count();
  t = Steady::now();
  for (const auto& [zone, id] : packs) failed += b.Api("/zones/" + zone + "/ssl/certificate_packs/" + id) != 200;
  const double get_s = std::chrono::duration<double>(Steady::now() - t).count();
  std::printf(
      "read %zu packs: one list per zone %zu requests in %.3f s; one GET per pack %zu requests in %.3f s "
      "(%d failed)\n",
      packs.size(), zones.size(), list_s, packs.size(), get_s, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: daemon_bench idle|edit|soak|converge|converge-mixed|resync [--objects N] [--seconds S] "
                 "[--resync D] [--edits K] "
                 "[--minutes M] [--time-scale X]\n");
    return 2;
  }
  o.mode = argv[1];
  if (o.mode == "soak") o.objects = 200;
  if (o.mode == "converge") o.emulator_rate_limit = 1200;
  if (o.mode == "converge-mixed") o.objects = 10000;
  for (int i = 2; i < argc; i += 2) {
    if (std::string(argv[i]) == "--records-out") {
      o.records_out = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) break;
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--objects")
      o.objects = std::stoi(value);
    else if (flag == "--seconds")
      o.seconds = std::stoi(value);
    else if (flag == "--resync")
      o.resync = value;
    else if (flag == "--edits")
      o.edits = std::stoi(value);
    else if (flag == "--minutes")
      o.minutes = std::stoi(value);
    else if (flag == "--time-scale")
      o.time_scale = std::stod(value);
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  DaemonHarness harness(o.objects, o.emulator_rate_limit,
                        o.mode == "converge-mixed" ? edgecert::bench::Layout::kMixed : edgecert::bench::Layout::kPacks);
  if (o.mode == "idle") return Idle(harness, o);
  if (o.mode == "edit") return Edit(harness, o);
  if (o.mode == "soak") return Soak(harness, o);
  if (o.mode == "converge") return Converge(harness, o);
  if (o.mode == "resync") return Resync(harness, o);
  if (o.mode == "converge-mixed") return ConvergeMixed(harness, o);
  std::fprintf(stderr, "unknown mode %s\n", o.mode.c_str());
  return 2;
}
