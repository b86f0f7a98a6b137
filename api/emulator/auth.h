// Authentication and authorization like the v4 API: a Bearer token or X-Auth-Email + X-Auth-Key,
// each scoped to accounts and zones with read or edit permission. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <variant>

#include "api/emulator/api_types.h"
#include "api/emulator/emulator_config.h"

namespace edgecert::emulator {

// The principal for the request's credentials, or the 401 response to send.
std::variant<Principal, ApiResponse> Authenticate(const ApiRequest& request, const EmulatorConfig& config);

bool CanAccessAccount(const Principal& principal, const std::string& account_id);
// A zone is in scope when listed itself or when its account is.
bool CanAccessZone(const Principal& principal, const ZoneConfig& zone);

}  // namespace edgecert::emulator
