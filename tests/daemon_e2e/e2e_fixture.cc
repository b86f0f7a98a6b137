#include "tests/daemon_e2e/e2e_fixture.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cpprest/http_client.h>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace edgecert::testing {
namespace {

constexpr char kToken[] = "edgecert-emulator-edit-token";

std::string Binary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

web::json::value Result(const HttpAnswer& a) {
  try {
    web::json::value v = web::json::value::parse(a.body);
    return v.has_field("result") ? v.at("result") : v;
  } catch (const std::exception&) {
    return web::json::value::null();
  }
}

}  // namespace

std::string ManifestsYaml(const std::vector<Pack>& packs) {
  std::string text = R"(apiVersion: edgecert.dev/v1
kind: Account
metadata: {name: main}
spec: {name: Emulator Account}
---
apiVersion: edgecert.dev/v1
kind: Zone
metadata: {name: example-com}
spec: {name: example.com, account: main}
---
apiVersion: edgecert.dev/v1
kind: Zone
metadata: {name: example-net}
spec: {name: example.net, account: main}
)";
  for (const auto& p : packs) {
    std::string hosts;
    for (const auto& h : p.hosts) hosts += (hosts.empty() ? "\"" : ", \"") + h + "\"";
    text += "---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: " + p.name +
            "}\nspec:\n  zone: " + p.zone + "\n  hosts: [" + hosts +
            "]\n  certificateAuthority: lets_encrypt\n  validityDays: 90\n  validationMethod: txt\n";
  }
  return text;
}

CommandResult RunEdgecert(const std::string& args) {
  CommandResult result;
  FILE* pipe = ::popen((Binary() + " " + args + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string HostKey(std::vector<std::string> hosts) {
  std::sort(hosts.begin(), hosts.end());
  std::string key;
  for (const auto& h : hosts) key += (key.empty() ? "" : ",") + h;
  return key;
}

void DaemonE2eTest::SetUp() {
  manifest_dir_ = dir_.path() / "manifests";
  state_dir_ = dir_.path() / "state";
  std::filesystem::create_directories(manifest_dir_);
}

void DaemonE2eTest::TearDown() {
  if (HasFailure() && daemon_) std::cerr << "---- daemon log ----\n" << daemon_->Log() << "---- end ----\n";
  daemon_.reset();
  emulator_.reset();
}

void DaemonE2eTest::StartEmulator(const std::vector<std::string>& extra) {
  std::vector<std::string> args{Binary(), "emulator", "--listen", "127.0.0.1:0", "--seed", "7"};
  args.insert(args.end(), extra.begin(), extra.end());
  emulator_ = std::make_unique<LoggedProcess>(args, std::vector<std::string>{}, dir_.path() / "emulator.log");
  ASSERT_TRUE(emulator_->started());
  const std::regex url(R"((http://127\.0\.0\.1:[0-9]+)/client/v4)");
  ASSERT_TRUE(WaitFor("the emulator prints its URL", [&] {
    std::smatch m;
    const std::string log = emulator_->Log();
    if (!std::regex_search(log, m, url)) return false;
    admin_url_ = m[1];
    api_url_ = m[0];
    return true;
  })) << emulator_->Log();
}

void DaemonE2eTest::StartDaemon(const std::vector<std::string>& extra, const std::vector<std::string>& env) {
  ops_url_ = "http://127.0.0.1:" + std::to_string(FreePort());
  std::vector<std::string> args{Binary(),      "run",         manifest_dir_.string(), "--api-url", api_url_,
                                "--state-dir", state_dir_.string(), "--listen", ops_url_.substr(7),
                                "--poll",      "1s",          "--log-level", "debug"};
  args.insert(args.end(), extra.begin(), extra.end());
  daemon_ = std::make_unique<LoggedProcess>(
      args, env.empty() ? std::vector<std::string>{std::string("CLOUDFLARE_API_TOKEN=") + kToken} : env,
      dir_.path() / ("daemon-" + std::to_string(++daemon_runs_) + ".log"));
  ASSERT_TRUE(daemon_->started());
  ASSERT_TRUE(WaitFor("/healthz answers", [&] { return Ops("/healthz").status != 0; }));
}

std::optional<int> DaemonE2eTest::StopDaemon(int sig) {
  daemon_->Signal(sig);
  return daemon_->WaitExit(kDeadline);
}

void DaemonE2eTest::WriteManifests(const std::string& yaml, const std::string& file) {
  const auto tmp = manifest_dir_ / ("." + file + ".tmp");
  {
    std::ofstream out(tmp);
    out << yaml;
  }
  std::filesystem::rename(tmp, manifest_dir_ / file);
}

bool DaemonE2eTest::WaitFor(const std::string& what, const std::function<bool()>& done,
                            std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (done()) return true;
    if (daemon_ && !daemon_->Running()) {
      ADD_FAILURE() << "waiting for " << what << ": the daemon exited";
      return false;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ADD_FAILURE() << "timed out waiting for " << what;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval, bounded by the deadline
  }
}

std::optional<web::json::value> DaemonE2eTest::Status() {
  HttpAnswer a = Ops("/status");
  if (a.status != 200) return std::nullopt;
  try {
    return web::json::value::parse(a.body);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::map<std::string, double> DaemonE2eTest::Metrics() {
  HttpAnswer a = Ops("/metrics");
  return a.status == 200 ? ParseMetrics(a.body) : std::map<std::string, double>{};
}

bool DaemonE2eTest::AllReady(std::size_t objects) {
  auto status = Status();
  if (!status) return false;
  const auto& all = status->at("objects").as_array();
  if (all.size() != objects) return false;
  return std::all_of(all.begin(), all.end(), [](const auto& o) { return o.at("phase").as_string() == "Ready"; });
}

web::json::value DaemonE2eTest::EmulatorState() { return Result(Http(admin_url_, "GET", "/__emulator/state")); }

web::json::value DaemonE2eTest::History(std::uint64_t since, const std::string& kind) {
  std::string path = "/__emulator/history?since=" + std::to_string(since);
  if (!kind.empty()) path += "&kind=" + kind;
  web::json::value v = Result(Http(admin_url_, "GET", path));
  return v.is_array() ? v : web::json::value::array();
}

std::uint64_t DaemonE2eTest::LastHistorySeq() {
  web::json::value h = History();
  return h.size() == 0 ? 0 : h.at(h.size() - 1).at("seq").as_number().to_uint64();
}

void DaemonE2eTest::SetFaults(const std::string& json) {
  HttpAnswer a = Http(admin_url_, "PUT", "/__emulator/faults", json);
  ASSERT_EQ(a.status, 200) << a.body;
}

std::map<std::string, std::vector<std::string>> DaemonE2eTest::LivePacks() {
  std::map<std::string, std::vector<std::string>> out;
  web::json::value state = EmulatorState();
  if (!state.has_field("zones")) return out;
  for (const auto& [zone_id, zone] : state.at("zones").as_object()) {
    for (const auto& pack : zone.at("certificate_packs").as_array()) {
      if (pack.at("status").as_string() == "deleted") continue;
      std::vector<std::string> hosts;
      for (const auto& h : pack.at("hosts").as_array()) hosts.push_back(h.as_string());
      out[HostKey(hosts)].push_back(pack.at("id").as_string());
    }
  }
  return out;
}

std::string DaemonE2eTest::ZoneId(const std::string& apex) {
  web::json::value zones = Result(Api("GET", "/zones?name=" + apex));
  return zones.size() == 1 ? zones.at(0).at("id").as_string() : "";
}

HttpAnswer DaemonE2eTest::Api(const std::string& method, const std::string& path, const std::string& body) {
  return Http(api_url_, method, path, body, {{"Authorization", std::string("Bearer ") + kToken}});
}

}  // namespace edgecert::testing
