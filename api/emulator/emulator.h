// Emulator: the local Cloudflare SSL/mTLS API without its sockets. Handle() runs one request through
// routing, authentication, the rate limit, injected faults, scope checks and the resource handler,
// and serves the admin calls under /__emulator/. Thread-safety: Handle() may be called from many
// threads at once; one mutex guards the state, so parallel writes never lose updates.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "api/emulator/api_types.h"
#include "api/emulator/emulator_clock.h"
#include "api/emulator/emulator_config.h"
#include "api/emulator/emulator_state.h"
#include "api/emulator/fault_injector.h"
#include "api/emulator/rate_limiter.h"
#include "api/emulator/response_cache.h"
#include "common/clock.h"
#include "common/status.h"

namespace edgecert::emulator {

inline constexpr char kApiPrefix[] = "/client/v4";
inline constexpr char kAdminPrefix[] = "/__emulator";

struct EmulatorOptions {
  EmulatorConfig config = DefaultEmulatorConfig();
  FaultConfig faults;  // its rate_limit is replaced by config.rate_limit unless rate_limit_from_faults
  bool rate_limit_from_faults = false;
  std::uint64_t seed = 1;
  double time_scale = 1.0;
  // When set, every successful write is saved there (state_file.h) so a restart keeps the objects.
  std::string state_file;
};

class Emulator {
 public:
  Emulator(EmulatorOptions options, Clock& base_clock);
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // A GET answered before may come back with rendered_body set (body null): see response_cache.h.
  ApiResponse Handle(ApiRequest request);

  EmulatorClock& clock() { return clock_; }
  const EmulatorConfig& config() const { return config_; }
  FaultInjector& faults() { return faults_; }

  // The whole state as JSON (the admin dump).
  web::json::value DumpState();

  // Replaces the state with the one saved at `path` (--state); NotFound when there is none yet.
  Status RestoreState(const std::string& path);
  // Saves the state to options.state_file now (also done after every successful write).
  Status SaveState();

 private:
  ApiResponse HandleCloudflare(ApiRequest& request);
  ApiResponse HandleAdmin(const ApiRequest& request);  // admin.cc
  ApiResponse DispatchLocked(const struct RouteMatch& match, ApiRequest& request);
  web::json::value DumpStateLocked(TimePoint now);

  const EmulatorConfig config_;
  const std::uint64_t seed_;
  const std::string state_file_;
  EmulatorClock clock_;
  FaultInjector faults_;
  RateLimiter rate_limiter_;
  std::mutex mu_;
  EmulatorState state_;  // guarded by mu_
  // Raised by every write to the state (API writes under mu_, admin writes, restores): answers rendered
  // at an older version are never given out again.
  std::atomic<std::uint64_t> state_version_{0};
  ResponseCache cache_;
  // Credentials revoked through /__emulator/credentials/revoke (as rolling a token does); by name.
  std::set<std::string> revoked_;  // guarded by mu_
};

}  // namespace edgecert::emulator
