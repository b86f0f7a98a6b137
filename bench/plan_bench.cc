// plan_bench: `plan` of 10,000 certificate packs over 100 zones against an emulator that holds them,
// every pack owned in the inventory, so the plan is all no-ops. The emulator runs in a forked child
// process (over HTTP on 127.0.0.1), so the figures are edgecert's own: wall time, process CPU, peak RSS,
// and the API calls made against the lower bound (one zone lookup and one pack list per zone; a list of
// 100 packs is 2 pages of 50 at the API's page size).
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "api/client/client_stack.h"
#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "reconcile/actual_state.h"
#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "reconcile/planner.h"
#include "reconcile/kinds/reconciler_registry.h"
#include "reconcile/scope_directory.h"

using namespace edgecert;

namespace {

constexpr int kZones = 100;
constexpr int kPacksPerZone = 100;

class CountingObserver final : public api::ClientObserver {
 public:
  void OnRequestStarted(std::string_view, std::string_view) override { ++requests; }
  std::atomic<int> requests{0};
};

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Child side: an emulator holding every pack, served on 127.0.0.1; writes the port and then one pack id
// per line (zone-major order) to `out`, then serves until killed.
[[noreturn]] void ServeEmulator(int out) {
  SystemClock clock;
  emulator::EmulatorOptions options;
  options.config = emulator::DefaultEmulatorConfig();
  options.config.rate_limit.requests = 0;
  options.config.zones.clear();
  for (int z = 0; z < kZones; ++z) {
    const std::string name = "zone" + std::to_string(z) + ".example";
    options.config.zones.push_back({emulator::StableId("zone:" + name), name, options.config.accounts[0].id, 1000});
  }
  emulator::Emulator emu(options, clock);
  std::string ids;
  for (int z = 0; z < kZones; ++z) {
    const auto& zone = options.config.zones[z];
    for (int p = 0; p < kPacksPerZone; ++p) {
      emulator::ApiRequest order;
      order.method = "POST";
      order.path = std::string(emulator::kApiPrefix) + "/zones/" + zone.id + "/ssl/certificate_packs/order";
      order.headers["authorization"] = std::string("Bearer ") + emulator::kDefaultEditToken;
      order.headers["content-type"] = "application/json";
      order.raw_body = R"({"type":"advanced","hosts":[")" + zone.name + R"(","h)" + std::to_string(p) + "." +
                       zone.name + R"("],"validation_method":"txt","validity_days":90,"certificate_authority":"lets_encrypt"})";
      emulator::ApiResponse response = emu.Handle(order);
      if (response.status != 200) {
        std::fprintf(stderr, "order failed: %d %s\n", response.status, response.body.serialize().c_str());
        std::_Exit(1);
      }
      ids += response.body.at("result").at("id").as_string() + "\n";
    }
  }
  emu.clock().Advance(std::chrono::hours(1));  // every pack active
  emulator::EmulatorServer server(emu);
  if (!server.Start("127.0.0.1", 0).ok()) std::_Exit(1);
  const std::string text = server.base_url() + "\n" + ids;
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(out, text.data() + done, text.size() - done);
    if (n <= 0) std::_Exit(1);
    done += static_cast<std::size_t>(n);
  }
  ::close(out);
  for (;;) ::pause();
}

std::vector<std::string> ReadLines(int in) {
  std::string text;
  char buffer[65536];
  for (ssize_t n; (n = ::read(in, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

}  // namespace

int main() {
  int fds[2];
  if (::pipe(fds) != 0) return 1;
  const pid_t child = ::fork();
  if (child < 0) return 1;
  if (child == 0) {
    ::close(fds[0]);
    ServeEmulator(fds[1]);
  }
  ::close(fds[1]);
  const std::vector<std::string> lines = ReadLines(fds[0]);
  ::close(fds[0]);
  if (lines.size() != 1 + static_cast<std::size_t>(kZones * kPacksPerZone)) {
    std::fprintf(stderr, "the emulator process did not start\n");
    ::kill(child, SIGKILL);
    return 1;
  }
  const std::string base_url = lines[0];

  // The manifests and the inventory as after an apply: every pack owned.
  SystemClock clock;
  const std::string account_id = emulator::DefaultEmulatorConfig().accounts[0].id;
  manifests::DesiredObjects objects;
  objects.accounts.push_back({{"main", {}, {}, {}}, account_id, ""});
  reconcile::InventoryRecords records;
  for (int z = 0; z < kZones; ++z) {
    const std::string zone_name = "zone" + std::to_string(z) + ".example";
    const std::string zone_id = emulator::StableId("zone:" + zone_name);
    objects.zones.push_back({{"z" + std::to_string(z), {}, {}, {}}, zone_name, "main", ""});
    for (int p = 0; p < kPacksPerZone; ++p) {
      manifests::CertificatePack pack;
      pack.meta.name = "z" + std::to_string(z) + "-p" + std::to_string(p);
      pack.zone = "z" + std::to_string(z);
      pack.hosts = {zone_name, "h" + std::to_string(p) + "." + zone_name};
      pack.certificate_authority = "lets_encrypt";
      pack.validity_days = 90;
      pack.validation_method = "txt";
      const std::string& id = lines[1 + static_cast<std::size_t>(z * kPacksPerZone + p)];
      records.objects[{manifests::Kind::kCertificatePack, pack.meta.name}] = {
          {manifests::Kind::kCertificatePack, pack.meta.name}, id, zone_id, "", "", {}, {}, false};
      objects.certificate_packs.push_back(std::move(pack));
    }
  }

  const auto state_dir = std::filesystem::temp_directory_path() / ("edgecert-plan-bench-" + std::to_string(::getpid()));
  auto store = reconcile::FileStateStore::Open(state_dir);
  if (!store.ok()) return 1;
  auto inventory = reconcile::Inventory::Load(**store);
  if (!inventory.ok()) return 1;
  if (!(*inventory)->Update([&](reconcile::InventoryRecords& r) { r = records; return Status::Ok(); }).ok()) return 1;
  records = {};

  const long rss_before = PeakRssKb();
  const double process_cpu_start = ProcessCpuSeconds();
  const auto start = std::chrono::steady_clock::now();
  const double cpu_start = ThreadCpuSeconds();
  manifests::DesiredState desired(std::move(objects));
  CountingObserver observer;
  auto logger = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  api::ClientStackOptions client_options;
  client_options.transport.base_url = base_url + emulator::kApiPrefix;
  client_options.budget.capacity = 1u << 30;
  auto stack = api::ClientStack::Create(client_options, {{"CLOUDFLARE_API_TOKEN", emulator::kDefaultEditToken}},
                                        clock, observer, logger);
  if (!stack.ok()) return 1;
  reconcile::ActualState actual((*stack)->client());
  reconcile::ScopeDirectory scopes((*stack)->client());
  reconcile::ObjectStatusBoard status;
  reconcile::ReconcileOptions reconcile_options;
  reconcile::ReconcileContext ctx{desired, (*stack)->client(), actual, scopes, **inventory, status, clock, *logger,
                                  reconcile_options};
  auto reconcilers = reconcile::MakeReconcilers();
  reconcile::Plan plan = reconcile::Planner(reconcilers).Make(ctx, {});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = ThreadCpuSeconds() - cpu_start;
  const double process_cpu = ProcessCpuSeconds() - process_cpu_start;
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  std::filesystem::remove_all(state_dir);

  std::printf("objects planned: %zu (no-op %zu, changes %d, errors %zu)\n", plan.changes.size(),
              plan.Count(reconcile::ChangeType::kNoOp), plan.HasChanges() ? 1 : 0, plan.errors.size());
  std::printf("wall time: %.3f s (the emulator answers from another process)\n", seconds);
  std::printf("edgecert CPU: %.3f s (whole process: diff, HTTP and JSON decoding); planner thread %.3f s\n",
              process_cpu, cpu);
  std::printf("peak RSS: %.1f MB (edgecert only; %.1f MB before the plan)\n", PeakRssKb() / 1024.0,
              rss_before / 1024.0);
  std::printf("list calls: %zu (lower bound %d: one pack list per zone)\n", actual.reads(), kZones);
  std::printf("HTTP requests: %d (lower bound %d: %d zone lookups + %d pack lists of 2 pages)\n", observer.requests.load(),
              kZones * 3, kZones, kZones);
  return plan.errors.empty() && !plan.HasChanges() ? 0 : 1;
}
