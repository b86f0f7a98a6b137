// HandlerContext: what a resource handler sees of one request: the state (already locked by the
// Emulator), the config, faults, the emulator time of the request, and the zone or account the path
// names (already checked to exist and to be in the caller's scope). Thread-safety: one per request.
#pragma once

#include <cpprest/json.h>

#include <string>

#include "api/emulator/api_types.h"
#include "api/emulator/emulator_config.h"
#include "api/emulator/emulator_state.h"
#include "api/emulator/fault_injector.h"

namespace edgecert::emulator {

struct HandlerContext {
  EmulatorState& state;
  const EmulatorConfig& config;
  FaultInjector& faults;
  TimePoint now;
  const ApiRequest& request;
  const ZoneConfig* zone = nullptr;        // set for /zones/{zone_id}/... routes
  const AccountConfig* account = nullptr;  // set for /accounts/{account_id}/... routes

  // The JSON body object, or an empty object when none was sent.
  const web::json::value& Body() const;
  std::string Param(const std::string& name) const;
  std::string Query(const std::string& name) const;
  void Record(std::string kind, std::string action, std::string id, std::string scope_id, web::json::value object);
  ZoneSettings& Settings();  // of `zone`
};

using Handler = ApiResponse (*)(HandlerContext&);

}  // namespace edgecert::emulator
