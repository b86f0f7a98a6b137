#include "daemon/command_wiring.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <unistd.h>

#include "reconcile/kinds/reconciler_registry.h"

namespace edgecert::daemon {

void AddCommonFlags(CLI::App& command, CommonFlags& flags) {
  command.add_option("--api-url", flags.api_url, "API base URL (default: EDGECERT_API_URL, else Cloudflare's)");
  command.add_option("--state-dir", flags.state_dir,
                     "Where the ownership inventory lives (default: $XDG_STATE_HOME/edgecert, "
                     "~/.local/state/edgecert, or /var/lib/edgecert for root)");
}

std::filesystem::path DefaultStateDir(const api::Environment& env, bool is_root) {
  if (is_root) return "/var/lib/edgecert";
  if (auto it = env.find("XDG_STATE_HOME"); it != env.end() && !it->second.empty()) {
    return std::filesystem::path(it->second) / "edgecert";
  }
  if (auto it = env.find("HOME"); it != env.end() && !it->second.empty()) {
    return std::filesystem::path(it->second) / ".local" / "state" / "edgecert";
  }
  return std::filesystem::path(".edgecert-state");
}

Result<std::unique_ptr<CommandWiring>> CommandWiring::Create(const CommonFlags& flags,
                                                             const std::string& manifest_dir, std::ostream& err,
                                                             WiringOptions wiring) {
  std::unique_ptr<CommandWiring> w(new CommandWiring());
  const api::Environment env = api::ProcessEnvironment();
  const std::filesystem::path state_dir =
      flags.state_dir.empty() ? DefaultStateDir(env, ::geteuid() == 0) : std::filesystem::path(flags.state_dir);
  w->state_dir_ = state_dir;
  if (!wiring.writer_command.empty()) {
    // First, so a second writer is refused at once, before it loads anything.
    auto store = reconcile::FileStateStore::OpenLocked(state_dir, wiring.writer_command);
    if (!store.ok()) return store.status();  // its errors name the state dir
    w->store_ = std::move(store).value();
  } else {
    auto store = reconcile::FileStateStore::OpenReadOnly(state_dir);
    if (!store.ok()) return store.status().WithContext("state dir " + state_dir.string());
    w->store_ = std::move(store).value();
  }

  w->manifest_dir_ = manifest_dir;
  manifests::ManifestLoad load = wiring.load_manifests ? w->Reload() : manifests::ManifestLoad{};
  if (wiring.load_manifests && !load.ok()) {
    for (const auto& d : load.errors) err << d.Format() << "\n";
    if (!wiring.allow_failed_load) {
      return InvalidArgument(std::to_string(load.errors.size()) + " manifest error(s) in " + manifest_dir +
                             "; nothing was planned or changed");
    }
  }

  if (wiring.logger) {
    w->logger_ = wiring.logger;
  } else {
    // Logs go to stderr so stdout carries only the plan and the status lines.
    w->logger_ = spdlog::stderr_color_mt("edgecert-" + std::to_string(reinterpret_cast<std::uintptr_t>(w.get())));
    w->logger_->set_level(spdlog::level::warn);
  }

  api::ClientStackOptions options;
  options.transport.base_url = api::ResolveApiBaseUrl(flags.api_url, env);
  api::ClientObserver& observer = wiring.observer != nullptr ? *wiring.observer : w->observer_;
  auto stack = api::ClientStack::Create(options, env, w->clock_, observer, w->logger_);
  if (!stack.ok()) return stack.status();
  w->stack_ = std::move(stack).value();

  auto inventory = reconcile::Inventory::Load(*w->store_);
  if (!inventory.ok()) return inventory.status();
  w->inventory_ = std::move(inventory).value();
  w->actual_ = wiring.list_max_age > Clock::Duration::zero()
                   ? std::make_unique<reconcile::ActualState>(w->stack_->client(), w->clock_, wiring.list_max_age)
                   : std::make_unique<reconcile::ActualState>(w->stack_->client());
  w->scopes_ = std::make_unique<reconcile::ScopeDirectory>(w->stack_->client());
  w->reconcilers_ = reconcile::MakeReconcilers();
  return w;
}

manifests::ManifestLoad CommandWiring::Reload() {
  manifests::ManifestLoader loader(clock_);
  manifests::ManifestLoad load = loader.Load(manifest_dir_);
  if (load.ok()) desired_ = load.state;
  return load;
}

reconcile::ReconcileContext CommandWiring::Context() {
  return reconcile::ReconcileContext{*desired_, stack_->client(), *actual_, *scopes_, *inventory_,
                                     status_,   clock_,           *logger_, options_};
}

}  // namespace edgecert::daemon
