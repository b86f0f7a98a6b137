#include "api/client/cloudflare_client.h"

#include "api/client/call_decode.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {

Result<std::vector<Account>> CloudflareClient::ListAccounts() {
  return CallList<Account>(caller_, Get("/accounts", {}), ParseAccount, true);
}

Result<std::string> CloudflareClient::AccountIdByName(const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (auto it = account_ids_.find(name); it != account_ids_.end()) return it->second;
  }
  ApiCall call = Get("/accounts", {});
  call.query.emplace_back("name", name);
  auto accounts = CallList<Account>(caller_, call, ParseAccount, true);
  if (!accounts.ok()) return accounts.status();
  std::vector<std::string> ids;
  for (const auto& a : *accounts) {
    if (a.name == name) ids.push_back(a.id);
  }
  if (ids.empty()) return NotFound("no account named \"" + name + "\" is visible to these credentials");
  if (ids.size() > 1) {
    return FailedPrecondition(std::to_string(ids.size()) + " accounts are named \"" + name +
                              "\"; give the account id in the manifest");
  }
  std::lock_guard<std::mutex> lock(cache_mu_);
  account_ids_[name] = ids.front();
  return ids.front();
}

Result<Zone> CloudflareClient::ZoneByName(const std::string& name) {
  ApiCall call = Get("/zones", {});
  call.query.emplace_back("name", name);
  auto zones = CallList<Zone>(caller_, call, ParseZone, true);
  if (!zones.ok()) return zones.status();
  std::vector<Zone> matches;
  for (auto& z : *zones) {
    if (z.name == name) matches.push_back(std::move(z));
  }
  if (matches.empty()) return NotFound("no zone named \"" + name + "\" is visible to these credentials");
  if (matches.size() > 1) {
    return FailedPrecondition(std::to_string(matches.size()) + " zones are named \"" + name +
                              "\"; give the zone id in the manifest");
  }
  return std::move(matches.front());
}

Result<std::vector<Zone>> CloudflareClient::ListZones(const std::string& account_id) {
  ApiCall call = Get("/zones", {});
  call.query.emplace_back("account.id", account_id);
  return CallList<Zone>(caller_, call, ParseZone, true);
}

Result<TokenVerification> CloudflareClient::VerifyToken() {
  return CallOne<TokenVerification>(caller_, Get("/user/tokens/verify", {}), ParseTokenVerification);
}

Result<std::string> CloudflareClient::ZoneIdByName(const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (auto it = zone_ids_.find(name); it != zone_ids_.end()) return it->second;
  }
  auto zone = ZoneByName(name);
  if (!zone.ok()) return zone.status();
  std::lock_guard<std::mutex> lock(cache_mu_);
  zone_ids_[name] = zone->id;
  return zone->id;
}

Result<UniversalSslSettings> CloudflareClient::GetUniversalSslSettings(const std::string& zone_id) {
  return CallOne<UniversalSslSettings>(caller_, Get("/zones/{zone_id}/ssl/universal/settings", {zone_id}),
                                       ParseUniversalSslSettings);
}

Result<UniversalSslSettings> CloudflareClient::PatchUniversalSslSettings(const std::string& zone_id,
                                                                         bool enabled) {
  auto body = web::json::value::object();
  body["enabled"] = web::json::value::boolean(enabled);
  return CallOne<UniversalSslSettings>(
      caller_, Write("PATCH", "/zones/{zone_id}/ssl/universal/settings", {zone_id}, body),
      ParseUniversalSslSettings);
}

Result<AutomaticSslMode> CloudflareClient::GetAutomaticSslMode(const std::string& zone_id) {
  return CallOne<AutomaticSslMode>(caller_, Get("/zones/{zone_id}/settings/ssl_automatic_mode", {zone_id}),
                                   ParseAutomaticSslMode);
}

Result<AutomaticSslMode> CloudflareClient::PatchAutomaticSslMode(const std::string& zone_id,
                                                                 const std::string& value) {
  auto body = web::json::value::object();
  body["value"] = web::json::value::string(value);
  return CallOne<AutomaticSslMode>(
      caller_, Write("PATCH", "/zones/{zone_id}/settings/ssl_automatic_mode", {zone_id}, body),
      ParseAutomaticSslMode);
}

Result<CertificateAnalysis> CloudflareClient::AnalyzeCertificate(
    const std::string& zone_id, const AnalyzeCertificateRequest& request) {
  ApiCall call = Write("POST", "/zones/{zone_id}/ssl/analyze", {zone_id}, ToJson(request));
  call.idempotent = true;  // analysis changes nothing
  return CallOne<CertificateAnalysis>(caller_, call, ParseCertificateAnalysis);
}

}  // namespace edgecert::api
