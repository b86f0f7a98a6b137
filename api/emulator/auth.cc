#include "api/emulator/auth.h"

#include <algorithm>

#include "api/emulator/error_codes.h"

namespace edgecert::emulator {

namespace {

std::optional<std::string> Header(const ApiRequest& request, const std::string& lower_name) {
  auto it = request.headers.find(lower_name);
  if (it == request.headers.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Principal ToPrincipal(const CredentialConfig& c) {
  Principal p;
  p.credential_id = c.name;
  p.can_edit = c.can_edit;
  p.account_ids = c.account_ids;
  p.zone_ids = c.zone_ids;
  return p;
}

bool Contains(const std::vector<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), "*") != list.end() ||
         std::find(list.begin(), list.end(), id) != list.end();
}

}  // namespace

std::variant<Principal, ApiResponse> Authenticate(const ApiRequest& request, const EmulatorConfig& config) {
  if (auto authorization = Header(request, "authorization")) {
    const std::string prefix = "Bearer ";
    if (authorization->size() <= prefix.size() || authorization->compare(0, prefix.size(), prefix) != 0) {
      return ErrorResponse(ErrorCode::kInvalidToken);
    }
    const std::string token = authorization->substr(prefix.size());
    for (const auto& c : config.credentials) {
      if (!c.token.empty() && c.token.Reveal() == token) return ToPrincipal(c);
    }
    return ErrorResponse(ErrorCode::kInvalidToken);
  }
  auto email = Header(request, "x-auth-email");
  auto key = Header(request, "x-auth-key");
  if (!email || !key) return ErrorResponse(ErrorCode::kMissingCredentials);
  for (const auto& c : config.credentials) {
    if (!c.api_key.empty() && c.email == *email && c.api_key.Reveal() == *key) return ToPrincipal(c);
  }
  return ErrorResponse(ErrorCode::kUnknownApiKey);
}

bool CanAccessAccount(const Principal& principal, const std::string& account_id) {
  return Contains(principal.account_ids, account_id);
}

bool CanAccessZone(const Principal& principal, const ZoneConfig& zone) {
  return Contains(principal.zone_ids, zone.id) || CanAccessAccount(principal, zone.account_id);
}

}  // namespace edgecert::emulator
