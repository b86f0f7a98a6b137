#include "bench/daemon_harness.h"

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <thread>

#include "bench/mixed_layout.h"

namespace edgecert::bench {
namespace {

using testing::Http;
using testing::HttpAnswer;
using Steady = std::chrono::steady_clock;

constexpr char kToken[] = "edgecert-emulator-edit-token";

std::string PackYaml(int i, const std::string& extra_host = "") {
  const std::string zone = BenchZoneName(i / kPacksPerZone);
  std::string hosts = "\"" + zone + "\", \"p" + std::to_string(i) + "." + zone + "\"";
  if (!extra_host.empty()) hosts += ", \"" + extra_host + "." + zone + "\"";
  return "---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: p" + std::to_string(i) +
         "}\nspec:\n  zone: z" + std::to_string(i / kPacksPerZone) + "\n  hosts: [" + hosts +
         "]\n  certificateAuthority: lets_encrypt\n  validityDays: 90\n  validationMethod: txt\n";
}

}  // namespace

std::string DaemonHarness::Binary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

double DaemonHarness::NowUnixMs() {
  return static_cast<double>(
             std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
                 .count()) /
         1000.0;
}

DaemonHarness::DaemonHarness(int objects, int emulator_rate_limit, Layout layout)
    : objects_(objects), emulator_rate_limit_(emulator_rate_limit), layout_(layout) {
  std::string pattern = (std::filesystem::temp_directory_path() / "edgecert-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) std::abort();
  root_ = pattern;
  const int per_zone = layout_ == Layout::kMixed ? kMixedObjectsPerZone : kPacksPerZone;
  zones_ = (objects_ + per_zone - 1) / per_zone;
  if (layout_ == Layout::kMixed) objects_ = zones_ * kMixedObjectsPerZone;  // whole zones
  std::filesystem::create_directories(root_ / "manifests");
}

DaemonHarness::~DaemonHarness() {
  daemon_.reset();
  emulator_.reset();
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

bool DaemonHarness::Start(double time_scale, const std::vector<std::string>& daemon_flags,
                          const std::vector<std::string>& state_flags, const std::vector<std::string>& daemon_env) {
  std::ofstream config(root_ / "emulator.yaml");
  if (layout_ == Layout::kMixed) {
    config << MixedEmulatorScopes(zones_);
  } else {
    config << "accounts:\n  - name: Bench\nzones:\n";
    for (int z = 0; z < zones_; ++z)
      config << "  - {name: " << BenchZoneName(z) << ", account: Bench, advanced_pack_quota: 60}\n";
  }
  config << "lifecycle: {initializing_seconds: 1, validation_seconds: 1, issuance_seconds: 1, "
            "deployment_seconds: 1}\nrate_limit: {requests: "
         << emulator_rate_limit_
         << ", window_seconds: 300}\n"
            "credentials:\n  - {name: bench, token: "
         << kToken << ", permission: edit, accounts: [\"*\"], zones: [\"*\"]}\n";
  config.close();
  emulator_ = std::make_unique<testing::LoggedProcess>(
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
              "}\nspec: {name: " + BenchZoneName(z) + ", account: bench}\n";
  }
  if (layout_ == Layout::kMixed) {
    scopes = MixedScopeManifests(zones_);
    std::filesystem::create_directories(root_ / "manifests" / "ca");
    for (int z = 0; z < zones_; ++z) {
      if (!WriteCaCertificate(root_ / "manifests" / "ca" / ("z" + std::to_string(z) + ".pem"), z)) {
        std::fprintf(stderr, "openssl could not make a CA certificate\n");
        return false;
      }
    }
  }
  Write("scopes.yaml", scopes);
  for (int z = 0; z < zones_; ++z) WriteZone(z, {});

  ops_url_ = "http://127.0.0.1:" + std::to_string(testing::FreePort());
  std::vector<std::string> args{Binary(),
                                "run",
                                (root_ / "manifests").string(),
                                "--api-url",
                                admin_url_ + "/client/v4",
                                "--listen",
                                ops_url_.substr(7),
                                "--poll",
                                "1s"};
  if (state_flags.empty()) {
    args.insert(args.end(), {"--state-dir", (root_ / "state").string()});
  } else {
    args.insert(args.end(), state_flags.begin(), state_flags.end());
  }
  args.insert(args.end(), daemon_flags.begin(), daemon_flags.end());
  std::vector<std::string> env{std::string("CLOUDFLARE_API_TOKEN=") + kToken};
  env.insert(env.end(), daemon_env.begin(), daemon_env.end());
  daemon_ = std::make_unique<testing::LoggedProcess>(args, env, root_ / "daemon.log");
  return true;
}

void DaemonHarness::WriteZone(int z, const std::map<int, std::string>& extra) {
  if (layout_ == Layout::kMixed) {
    Write("zone" + std::to_string(z) + ".yaml", MixedZoneManifests(z, "ca/z" + std::to_string(z) + ".pem"));
    return;
  }
  std::string text;
  for (int i = z * kPacksPerZone; i < std::min(objects_, (z + 1) * kPacksPerZone); ++i) {
    auto it = extra.find(i);
    text += PackYaml(i, it == extra.end() ? "" : it->second);
  }
  Write("zone" + std::to_string(z) + ".yaml", text);
}

void DaemonHarness::Write(const std::string& name, const std::string& text) {
  const auto tmp = root_ / "manifests" / ("." + name + ".tmp");
  std::ofstream(tmp) << text;
  std::filesystem::rename(tmp, root_ / "manifests" / name);
}

bool DaemonHarness::Until(std::chrono::seconds timeout, const std::function<bool()>& done) {
  const auto deadline = Steady::now() + timeout;
  while (Steady::now() < deadline) {
    if (done()) return true;
    if (daemon_ && !daemon_->Running()) {
      std::fprintf(stderr, "the daemon exited:\n%s\n", daemon_->Log().c_str());
      return false;
    }
    // A /status of 10,000 objects costs the daemon tens of ms: the mixed layout polls it less often.
    std::this_thread::sleep_for(std::chrono::milliseconds(layout_ == Layout::kMixed ? 500 : 100));
  }
  return false;
}

std::size_t DaemonHarness::ReadyObjects() {
  HttpAnswer a = Http(ops_url_, "GET", "/status");
  if (a.status != 200) return 0;
  try {
    return static_cast<std::size_t>(
        web::json::value::parse(a.body).at("summary").at("phases").at("Ready").as_integer());
  } catch (const std::exception&) {
    return 0;
  }
}

std::map<std::string, double> DaemonHarness::Metrics() {
  return testing::ParseMetrics(Http(ops_url_, "GET", "/metrics").body);
}

double DaemonHarness::Requests() { return testing::SumMetric(Metrics(), "edgecert_api_requests_total"); }

bool DaemonHarness::Settle(std::chrono::seconds timeout) {
  const auto start = Steady::now();
  if (!Until(timeout, [&] {
        if (ReadyObjects() < static_cast<std::size_t>(objects_)) return false;
        // Not edgecert_work_queue_depth{state="in_flight"}: the controller reports it before its
        // last reconcile leaves (known bug), so it can stay at 1 while idle.
        return Metrics()["edgecert_api_requests_in_flight"] == 0;
      })) {
    std::fprintf(stderr, "did not settle: %zu of %d Ready\n", ReadyObjects(), objects_);
    return false;
  }
  std::printf("settled: %d objects over %d zones Ready in %.1f s, %.0f API requests, RSS %ld KiB\n", objects_, zones_,
              std::chrono::duration<double>(Steady::now() - start).count(), Requests(),
              testing::ReadProcessFigures(daemon_->pid()).rss_kb);
  return true;
}

std::function<double(double)> DaemonHarness::EmulatorToReal() {
  const double before = NowUnixMs();
  web::json::value clock = web::json::value::parse(Http(admin_url_, "GET", "/__emulator/clock").body);
  const double after = NowUnixMs();
  const web::json::value& c = clock.has_field("result") ? clock.at("result") : clock;
  const double emulator_ms = c.at("now_unix_ms").as_number().to_double();
  const double scale = c.at("time_scale").as_number().to_double();
  const double real_ms = (before + after) / 2;
  return [=](double at_ms) { return real_ms + (at_ms - emulator_ms) / scale; };
}

web::json::value DaemonHarness::History(std::uint64_t since) {
  web::json::value v = web::json::value::parse(
      Http(admin_url_, "GET", "/__emulator/history?kind=certificate_pack&since=" + std::to_string(since)).body);
  return v.has_field("result") ? v.at("result") : v;
}

std::uint64_t DaemonHarness::LastSeq() {
  web::json::value h = History(0);
  return h.size() == 0 ? 0 : h.at(h.size() - 1).at("seq").as_number().to_uint64();
}

void DaemonHarness::Faults(const std::string& json) { Http(admin_url_, "PUT", "/__emulator/faults", json); }

std::pair<std::size_t, std::size_t> DaemonHarness::LiveAndDuplicates() {
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

std::vector<std::pair<std::string, std::string>> DaemonHarness::PackIds() {
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

int DaemonHarness::Api(const std::string& path) {
  return Http(admin_url_ + "/client/v4", "GET", path, "", {{"Authorization", std::string("Bearer ") + kToken}}).status;
}

}  // namespace edgecert::bench
