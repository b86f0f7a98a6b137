// daemon_bench: `edgecert run` as a process against an `edgecert emulator` process, measured from the
// outside (/proc, the daemon's /metrics and /status, the emulator's history). Three modes:
//   idle  [--objects N] [--seconds S] [--resync D]   settle N packs, then CPU and RSS over S seconds
//   edit  [--objects N] [--edits K]                  manifest edit -> the order reaches the API, K times
//   soak  [--minutes M] [--objects N] [--time-scale X] changes and faults on a fast emulator clock;
//                                                    RSS, CPU and request rate per interval
//   converge [--objects N]   N new packs from empty at the real budget on a real-time emulator (each
//                            lifecycle step 1 s, its own 1200/300 s limit on): requests against the
//                            lower bound, 429s, time to all active
//   resync [--objects N]     settled packs: the requests of one daemon resync, then the same packs read
//                            by one list per zone and by one GET per pack (a per-object refresh)
// The emulator serves N packs over ceil(N/50) zones with every lifecycle step 1 emulator second.
#include <signal.h>

#include <cpprest/json.h>

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

#include "tests/daemon_e2e/logged_process.h"
#include "tests/daemon_e2e/probe.h"

using namespace edgecert::testing;
using Steady = std::chrono::steady_clock;

namespace {

constexpr int kPacksPerZone = 50;  // one page of the pack list
constexpr char kToken[] = "edgecert-emulator-edit-token";

struct Options {
  std::string mode;
  int objects = 1000;
  int seconds = 60;
  std::string resync = "10m";
  int edits = 10;
  int minutes = 10;
  double time_scale = 1440;  // soak: one real minute is one emulator day
  int emulator_rate_limit = 0;  // the emulator's own limit per 300 s (0: off)
};

std::string Binary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

double NowUnixMs() {
  return static_cast<double>(std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count()) /
         1000.0;
}

std::string Zone(int z) { return "zone" + std::to_string(z) + ".example"; }

std::string PackYaml(int i, const std::string& extra_host = "") {
  const std::string zone = Zone(i / kPacksPerZone);
  std::string hosts = "\"" + zone + "\", \"p" + std::to_string(i) + "." + zone + "\"";
  if (!extra_host.empty()) hosts += ", \"" + extra_host + "." + zone + "\"";
  return "---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: p" + std::to_string(i) +
         "}\nspec:\n  zone: z" + std::to_string(i / kPacksPerZone) + "\n  hosts: [" + hosts +
         "]\n  certificateAuthority: lets_encrypt\n  validityDays: 90\n  validationMethod: txt\n";
}

class Bench {
 public:
  explicit Bench(Options o) : o_(std::move(o)) {
    std::string pattern = (std::filesystem::temp_directory_path() / "edgecert-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    root_ = pattern;
    zones_ = (o_.objects + kPacksPerZone - 1) / kPacksPerZone;
    std::filesystem::create_directories(root_ / "manifests");
  }
  ~Bench() {
    daemon_.reset();
    emulator_.reset();
    std::error_code ec;
    std::filesystem::remove_all(root_, ec);
  }

  bool Start(double time_scale, const std::vector<std::string>& daemon_flags) {
    std::ofstream config(root_ / "emulator.yaml");
    config << "accounts:\n  - name: Bench\nzones:\n";
    for (int z = 0; z < zones_; ++z) config << "  - {name: " << Zone(z) << ", account: Bench, advanced_pack_quota: 60}\n";
    config << "lifecycle: {initializing_seconds: 1, validation_seconds: 1, issuance_seconds: 1, "
              "deployment_seconds: 1}\nrate_limit: {requests: " << o_.emulator_rate_limit << ", window_seconds: 300}\n"
              "credentials:\n  - {name: bench, token: " << kToken << ", permission: edit, accounts: [\"*\"], zones: [\"*\"]}\n";
    config.close();
    emulator_ = std::make_unique<LoggedProcess>(
        std::vector<std::string>{Binary(), "emulator", "--listen", "127.0.0.1:0", "--config",
                                 (root_ / "emulator.yaml").string(), "--time-scale", std::to_string(time_scale)},
        std::vector<std::string>{}, root_ / "emulator.log");
    if (!Until(std::chrono::seconds(20), [&] {
          const std::string log = emulator_->Log();
          const auto end = log.find("/client/v4");
          if (end == std::string::npos) return false;
          admin_url_ = log.substr(log.rfind("http://", end), end - log.rfind("http://", end));
          return true;
        })) {
      std::fprintf(stderr, "the emulator did not start:\n%s\n", emulator_->Log().c_str());
      return false;
    }
    std::string scopes = "apiVersion: edgecert.dev/v1\nkind: Account\nmetadata: {name: bench}\nspec: {name: Bench}\n";
    for (int z = 0; z < zones_; ++z) {
      scopes += "---\napiVersion: edgecert.dev/v1\nkind: Zone\nmetadata: {name: z" + std::to_string(z) +
                "}\nspec: {name: " + Zone(z) + ", account: bench}\n";
    }
    Write("scopes.yaml", scopes);
    for (int z = 0; z < zones_; ++z) WriteZone(z, {});

    ops_url_ = "http://127.0.0.1:" + std::to_string(FreePort());
    std::vector<std::string> args{Binary(), "run", (root_ / "manifests").string(), "--api-url",
                                  admin_url_ + "/client/v4", "--state-dir", (root_ / "state").string(),
                                  "--listen", ops_url_.substr(7), "--poll", "1s"};
    args.insert(args.end(), daemon_flags.begin(), daemon_flags.end());
    daemon_ = std::make_unique<LoggedProcess>(args, std::vector<std::string>{std::string("CLOUDFLARE_API_TOKEN=") + kToken},
                                              root_ / "daemon.log");
    return true;
  }

  // The packs of zone `z`; `extra` maps a pack index to an extra host label.
  void WriteZone(int z, const std::map<int, std::string>& extra) {
    std::string text;
    for (int i = z * kPacksPerZone; i < std::min(o_.objects, (z + 1) * kPacksPerZone); ++i) {
      auto it = extra.find(i);
      text += PackYaml(i, it == extra.end() ? "" : it->second);
    }
    Write("zone" + std::to_string(z) + ".yaml", text);
  }

  // Atomic, as an editor saves.
  void Write(const std::string& name, const std::string& text) {
    const auto tmp = root_ / "manifests" / ("." + name + ".tmp");
    std::ofstream(tmp) << text;
    std::filesystem::rename(tmp, root_ / "manifests" / name);
  }

  bool Until(std::chrono::seconds timeout, const std::function<bool()>& done) {
    const auto deadline = Steady::now() + timeout;
    while (Steady::now() < deadline) {
      if (done()) return true;
      if (daemon_ && !daemon_->Running()) {
        std::fprintf(stderr, "the daemon exited:\n%s\n", daemon_->Log().c_str());
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::size_t ReadyObjects() {
    HttpAnswer a = Http(ops_url_, "GET", "/status");
    if (a.status != 200) return 0;
    try {
      return static_cast<std::size_t>(web::json::value::parse(a.body).at("summary").at("phases").at("Ready").as_integer());
    } catch (const std::exception&) {
      return 0;
    }
  }
  std::map<std::string, double> Metrics() { return ParseMetrics(Http(ops_url_, "GET", "/metrics").body); }
  double Requests() { return SumMetric(Metrics(), "edgecert_api_requests_total"); }

  // Every pack Ready and the queue idle.
  bool Settle(std::chrono::seconds timeout) {
    const auto start = Steady::now();
    if (!Until(timeout, [&] {
          if (ReadyObjects() < static_cast<std::size_t>(o_.objects)) return false;
          // Not edgecert_work_queue_depth{state="in_flight"}: the controller reports it before its
          // last reconcile leaves (known bug), so it can stay at 1 while idle.
          return Metrics()["edgecert_api_requests_in_flight"] == 0;
        })) {
      std::fprintf(stderr, "did not settle: %zu of %d Ready\n", ReadyObjects(), o_.objects);
      return false;
    }
    std::printf("settled: %d packs over %d zones Ready in %.1f s, %.0f API requests, RSS %ld KiB\n", o_.objects, zones_,
                std::chrono::duration<double>(Steady::now() - start).count(), Requests(),
                ReadProcessFigures(daemon_->pid()).rss_kb);
    return true;
  }

  // Emulator time -> real Unix ms, from one clock reading (the request's round trip is the error).
  std::function<double(double)> EmulatorToReal() {
    const double before = NowUnixMs();
    web::json::value clock = web::json::value::parse(Http(admin_url_, "GET", "/__emulator/clock").body);
    const double after = NowUnixMs();
    const web::json::value& c = clock.has_field("result") ? clock.at("result") : clock;
    const double emulator_ms = c.at("now_unix_ms").as_number().to_double();
    const double scale = c.at("time_scale").as_number().to_double();
    const double real_ms = (before + after) / 2;
    return [=](double at_ms) { return real_ms + (at_ms - emulator_ms) / scale; };
  }

  web::json::value History(std::uint64_t since) {
    web::json::value v = web::json::value::parse(
        Http(admin_url_, "GET", "/__emulator/history?kind=certificate_pack&since=" + std::to_string(since)).body);
    return v.has_field("result") ? v.at("result") : v;
  }
  std::uint64_t LastSeq() {
    web::json::value h = History(0);
    return h.size() == 0 ? 0 : h.at(h.size() - 1).at("seq").as_number().to_uint64();
  }
  void Faults(const std::string& json) { Http(admin_url_, "PUT", "/__emulator/faults", json); }

  // Live packs per host set: the count of host sets held more than once.
  std::pair<std::size_t, std::size_t> LiveAndDuplicates() {
    web::json::value v = web::json::value::parse(Http(admin_url_, "GET", "/__emulator/state").body);
    const web::json::value& state = v.has_field("result") ? v.at("result") : v;
    std::map<std::string, int> seen;
    for (const auto& [id, zone] : state.at("zones").as_object()) {
      for (const auto& p : zone.at("certificate_packs").as_array()) {
        if (p.at("status").as_string() == "deleted") continue;
        std::vector<std::string> hosts;
        for (const auto& h : p.at("hosts").as_array()) hosts.push_back(h.as_string());
        std::sort(hosts.begin(), hosts.end());
        std::string key;
        for (const auto& h : hosts) key += h + ",";
        ++seen[key];
      }
    }
    std::size_t dup = 0;
    for (const auto& [k, n] : seen) dup += n > 1;
    return {seen.size(), dup};
  }

  // Every live pack as (zone id, pack id), from the emulator's state.
  std::vector<std::pair<std::string, std::string>> PackIds() {
    web::json::value v = web::json::value::parse(Http(admin_url_, "GET", "/__emulator/state").body);
    const web::json::value& state = v.has_field("result") ? v.at("result") : v;
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [zone_id, zone] : state.at("zones").as_object()) {
      for (const auto& p : zone.at("certificate_packs").as_array()) {
        if (p.at("status").as_string() != "deleted") out.emplace_back(zone_id, p.at("id").as_string());
      }
    }
    return out;
  }
  // One API call as the daemon makes it (bearer token); the HTTP status.
  int Api(const std::string& path) {
    return Http(admin_url_ + "/client/v4", "GET", path, "", {{"Authorization", std::string("Bearer ") + kToken}}).status;
  }

  LoggedProcess& daemon() { return *daemon_; }
  const Options& o() const { return o_; }
  int zones() const { return zones_; }

 private:
  Options o_;
  std::filesystem::path root_;
  int zones_ = 0;
  std::unique_ptr<LoggedProcess> emulator_;
  std::unique_ptr<LoggedProcess> daemon_;
  std::string admin_url_;
  std::string ops_url_;
};

int Idle(Bench& b) {
  if (!b.Start(100, {"--resync", b.o().resync, "--log-level", "warn"}) || !b.Settle(std::chrono::seconds(900))) return 1;
  // No probes during the window: a /status of 1000 objects costs the daemon milliseconds of CPU.
  const double requests = b.Requests();
  const ProcessFigures start = ReadProcessFigures(b.daemon().pid());
  const auto t0 = Steady::now();
  long max_rss = start.rss_kb;
  while (Steady::now() - t0 < std::chrono::seconds(b.o().seconds)) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    max_rss = std::max(max_rss, ReadProcessFigures(b.daemon().pid()).rss_kb);
  }
  const ProcessFigures end = ReadProcessFigures(b.daemon().pid());
  const double wall = std::chrono::duration<double>(Steady::now() - t0).count();
  std::printf("idle over %.0f s (resync %s): CPU %.3f s = %.3f %% of a core; RSS %ld KiB at start, %ld KiB max, "
              "%ld KiB peak (VmHWM); %.0f API requests\n",
              wall, b.o().resync.c_str(), end.cpu_seconds - start.cpu_seconds,
              100 * (end.cpu_seconds - start.cpu_seconds) / wall, start.rss_kb, max_rss, end.peak_rss_kb,
              b.Requests() - requests);
  return 0;
}

int Edit(Bench& b) {
  if (!b.Start(100, {"--log-level", "warn"}) || !b.Settle(std::chrono::seconds(900))) return 1;
  std::vector<double> latencies;
  for (int k = 0; k < b.o().edits; ++k) {
    const int zone = k % b.zones();
    const int pack = zone * kPacksPerZone + k / b.zones();
    const std::uint64_t since = b.LastSeq();
    const auto to_real = b.EmulatorToReal();
    const double edited = NowUnixMs();
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
              b.o().objects, latencies[latencies.size() / 2], latencies.back());
  return 0;
}

int Soak(Bench& b) {
  if (!b.Start(b.o().time_scale, {"--resync", "30s", "--log-level", "warn"}) || !b.Settle(std::chrono::seconds(900))) {
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
  for (int minute = 1; minute <= b.o().minutes; ++minute) {
    // Each 10 s: one pack of a rotating zone changes its hosts (a replacement); each minute a new fault plan.
    b.Faults(faults[(minute - 1) % 4]);
    for (int tick = 0; tick < 6; ++tick) {
      const int zone = changes % b.zones();
      b.WriteZone(zone, {{zone * kPacksPerZone + (changes / b.zones()) % kPacksPerZone, "s" + std::to_string(changes)}});
      ++changes;
      std::this_thread::sleep_for(std::chrono::seconds(10));
    }
    const ProcessFigures now = ReadProcessFigures(b.daemon().pid());
    const double requests = b.Requests();
    const auto t = Steady::now();
    const double dt = std::chrono::duration<double>(t - last_t).count();
    std::printf("%8d %12.1f %10ld %10.2f %10.2f %12zu %10d\n", minute,
                std::chrono::duration<double>(t - t0).count() * b.o().time_scale / 86400, now.rss_kb,
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

int Converge(Bench& b) {
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
  const int lower = b.o().objects + 3 * b.zones();
  std::printf("converge %d packs over %d zones from empty: all active %.1f s after start; %.0f requests, lower "
              "bound %d (%d orders + 3 x %d zones) = %.3f x; %.0f answered 429\n",
              b.o().objects, b.zones(), seconds, requests, lower, b.o().objects, b.zones(), requests / lower, throttled);
  return throttled == 0 ? 0 : 1;
}

int Resync(Bench& b) {
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
  std::printf("daemon resync of %d settled packs over %d zones: %.0f requests\n", b.o().objects, b.zones(),
              last - before);
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
  std::printf("read %zu packs: one list per zone %zu requests in %.3f s; one GET per pack %zu requests in %.3f s "
              "(%d failed)\n",
              packs.size(), zones.size(), list_s, packs.size(), get_s, failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (argc < 2) {
    std::fprintf(stderr, "usage: daemon_bench idle|edit|soak|converge|resync [--objects N] [--seconds S] [--resync D] [--edits K] "
                         "[--minutes M] [--time-scale X]\n");
    return 2;
  }
  o.mode = argv[1];
  if (o.mode == "soak") o.objects = 200;
  if (o.mode == "converge") o.emulator_rate_limit = 1200;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--objects") o.objects = std::stoi(value);
    else if (flag == "--seconds") o.seconds = std::stoi(value);
    else if (flag == "--resync") o.resync = value;
    else if (flag == "--edits") o.edits = std::stoi(value);
    else if (flag == "--minutes") o.minutes = std::stoi(value);
    else if (flag == "--time-scale") o.time_scale = std::stod(value);
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  Bench bench(o);
  if (o.mode == "idle") return Idle(bench);
  if (o.mode == "edit") return Edit(bench);
  if (o.mode == "soak") return Soak(bench);
  if (o.mode == "converge") return Converge(bench);
  if (o.mode == "resync") return Resync(bench);
  std::fprintf(stderr, "unknown mode %s\n", o.mode.c_str());
  return 2;
}
