#include "tests/fakes/reconcile_harness.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <stdlib.h>

#include <fstream>
#include <stdexcept>
#include <system_error>

#include "api/emulator/emulator_config.h"
#include "api/emulator/fault_config.h"

namespace edgecert::testing {
namespace {

// Whole seconds of the real time: certificates made by tests are valid from "now", so the fake clock
// starts there (not at its 2026-01-01 default) for the manifest loader's expiry checks to agree.
Clock::TimePoint RealNowSeconds() {
  SystemClock system;
  return std::chrono::time_point_cast<std::chrono::seconds>(system.Now());
}

std::filesystem::path MakeTempRoot() {
  std::string pattern = (std::filesystem::temp_directory_path() / "edgecert-reconcile-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

void RequestCounter::OnRequestStarted(std::string_view method, std::string_view endpoint) {
  std::lock_guard<std::mutex> lock(mu_);
  ++counts_[std::string(method) + " " + std::string(endpoint)];
}

std::map<std::string, int> RequestCounter::Counts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counts_;
}

int RequestCounter::Total() const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  for (const auto& [key, count] : counts_) n += count;
  return n;
}

int RequestCounter::CountMethod(std::string_view method) const {
  std::lock_guard<std::mutex> lock(mu_);
  int n = 0;
  const std::string prefix = std::string(method) + " ";
  for (const auto& [key, count] : counts_) n += key.rfind(prefix, 0) == 0 ? count : 0;
  return n;
}

int RequestCounter::Count(std::string_view method, std::string_view endpoint) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts_.find(std::string(method) + " " + std::string(endpoint));
  return it == counts_.end() ? 0 : it->second;
}

void RequestCounter::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  counts_.clear();
}

emulator::EmulatorOptions ReconcileHarnessOptions::DefaultEmulator() {
  emulator::EmulatorOptions options;
  options.config.rate_limit.requests = 0;
  options.seed = 1;
  return options;
}

ReconcileHarness::ReconcileHarness(ReconcileHarnessOptions options)
    : options_(std::move(options)), clock_(RealNowSeconds(), options_.sleepers) {
  root_ = MakeTempRoot();
  manifest_dir_ = root_ / "manifests";
  state_dir_ = root_ / "state";
  std::filesystem::create_directories(manifest_dir_);

  emulator_ = std::make_unique<emulator::Emulator>(options_.emulator, clock_);
  server_ = std::make_unique<emulator::EmulatorServer>(*emulator_);
  Status started = server_->Start("127.0.0.1", 0);
  if (!started.ok()) throw std::runtime_error("emulator: " + started.ToString());

  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_stream_);
  logger_ = std::make_shared<spdlog::logger>("reconcile-test", sink);
  logger_->set_level(spdlog::level::debug);

  api::ClientStackOptions client_options;
  client_options.transport.base_url = api_url();
  client_options.transport.request_timeout = std::chrono::seconds(10);
  client_options.budget.capacity = 1u << 30;  // the emulator's rate limit is off too
  client_options.retry.max_attempts = 3;
  client_options.retry.base_delay = std::chrono::milliseconds(100);
  client_options.retry.seed = 1;
  api::Environment env{{"CLOUDFLARE_API_TOKEN", options_.token}};
  auto stack = api::ClientStack::Create(client_options, env, clock_, requests_, logger_);
  if (!stack.ok()) throw std::runtime_error("client: " + stack.status().ToString());
  stack_ = std::move(stack).value();

  desired_ = std::make_shared<const manifests::DesiredState>(manifests::DesiredObjects{});
  Restart();
}

ReconcileHarness::~ReconcileHarness() {
  if (server_) server_->Stop();
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

void ReconcileHarness::Restart() {
  actual_.reset();
  scopes_.reset();
  inventory_.reset();
  store_.reset();
  auto store = reconcile::FileStateStore::Open(state_dir_);
  if (!store.ok()) throw std::runtime_error("state store: " + store.status().ToString());
  store_ = std::move(store).value();
  auto inventory = reconcile::Inventory::Load(*store_);
  if (!inventory.ok()) throw std::runtime_error("inventory: " + inventory.status().ToString());
  inventory_ = std::move(inventory).value();
  // Lists older than 2 s are read again, as in the daemon and apply, so a loop sleeping on the clock sees
  // the emulator's lifecycles move on.
  actual_ = std::make_unique<reconcile::ActualState>(stack_->client(), clock_, std::chrono::seconds(2));
  scopes_ = std::make_unique<reconcile::ScopeDirectory>(stack_->client());
  status_ = std::make_unique<reconcile::ObjectStatusBoard>();
}

void ReconcileHarness::WriteFile(const std::string& relative_path, const std::string& text) {
  const auto path = manifest_dir_ / relative_path;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

void ReconcileHarness::RemoveFile(const std::string& relative_path) {
  std::error_code ec;
  std::filesystem::remove(manifest_dir_ / relative_path, ec);
}

std::string ReconcileHarness::ScopesYaml() {
  return R"(apiVersion: edgecert.dev/v1
kind: Account
metadata:
  name: main
spec:
  name: Emulator Account
---
apiVersion: edgecert.dev/v1
kind: Zone
metadata:
  name: example-com
spec:
  name: example.com
  account: main
---
apiVersion: edgecert.dev/v1
kind: Zone
metadata:
  name: example-net
spec:
  name: example.net
  account: main
)";
}

manifests::ManifestLoad ReconcileHarness::LoadManifests() {
  manifests::ManifestLoader loader(clock_);
  manifests::ManifestLoad load = loader.Load(manifest_dir_);
  if (load.ok()) desired_ = load.state;
  return load;
}

reconcile::ReconcileContext ReconcileHarness::Context() {
  return reconcile::ReconcileContext{*desired_, stack_->client(), *actual_, *scopes_,          *inventory_,
                                     *status_,  clock_,           *logger_, options_.reconcile};
}

std::string ReconcileHarness::api_url() const { return server_->base_url() + emulator::kApiPrefix; }

std::string ReconcileHarness::Logs() {
  logger_->flush();
  return log_stream_.str();
}

std::string ReconcileHarness::ZoneId(const std::string& apex) const { return emulator::StableId("zone:" + apex); }

std::string ReconcileHarness::AccountId() const { return emulator::StableId("account:Emulator Account"); }

void ReconcileHarness::AdvanceEmulator(std::chrono::seconds d) { emulator_->clock().Advance(d); }

web::json::value ReconcileHarness::Admin(const std::string& method, const std::string& path,
                                         const std::map<std::string, std::string>& query, const std::string& body) {
  emulator::ApiRequest request;
  request.method = method;
  request.path = std::string(emulator::kAdminPrefix) + path;
  request.query = query;
  request.raw_body = body;
  emulator::ApiResponse response = emulator_->Handle(std::move(request));
  if (response.status != 200) ADD_FAILURE() << "admin " << method << " " << path << ": " << response.status;
  return response.body;
}

web::json::value ReconcileHarness::History(std::uint64_t since, const std::string& kind) {
  std::map<std::string, std::string> query{{"since", std::to_string(since)}};
  if (!kind.empty()) query["kind"] = kind;
  web::json::value body = Admin("GET", "/history", query);
  return body.has_field("result") ? body.at("result") : web::json::value::array();
}

std::uint64_t ReconcileHarness::LastHistorySeq() {
  web::json::value all = History();
  if (all.size() == 0) return 0;
  return all.at(all.size() - 1).at("seq").as_number().to_uint64();
}

std::vector<web::json::value> ReconcileHarness::Packs(const std::string& apex) {
  std::vector<web::json::value> out;
  web::json::value state = State();
  web::json::value& zone = state.at("zones").at(ZoneId(apex));
  for (const auto& pack : zone.at("certificate_packs").as_array()) out.push_back(pack);
  return out;
}

void ReconcileHarness::SetFaults(const web::json::value& faults) { Admin("PUT", "/faults", {}, faults.serialize()); }

}  // namespace edgecert::testing
