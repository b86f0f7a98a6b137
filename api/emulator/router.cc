#include "api/emulator/router.h"

#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"

namespace edgecert::emulator {

const std::vector<Route>& CloudflareRoutes() {
  using S = RouteScope;
  static const std::vector<Route> routes = {
      {"GET", "/accounts", S::kNone, ListAccounts},
      {"GET", "/zones", S::kNone, ListZones},
      {"GET", "/user/tokens/verify", S::kNone, VerifyToken},
      {"GET", "/zones/:zone_id/ssl/certificate_packs", S::kZone, ListCertificatePacks},
      {"POST", "/zones/:zone_id/ssl/certificate_packs/order", S::kZone, OrderCertificatePack},
      {"GET", "/zones/:zone_id/ssl/certificate_packs/quota", S::kZone, GetCertificatePackQuota},
      {"GET", "/zones/:zone_id/ssl/certificate_packs/:id", S::kZone, GetCertificatePack},
      {"PATCH", "/zones/:zone_id/ssl/certificate_packs/:id", S::kZone, PatchCertificatePack},
      {"DELETE", "/zones/:zone_id/ssl/certificate_packs/:id", S::kZone, DeleteCertificatePack},
      {"GET", "/zones/:zone_id/ssl/verification", S::kZone, ListVerification},
      {"PATCH", "/zones/:zone_id/ssl/verification/:id", S::kZone, PatchVerification},
      {"GET", "/zones/:zone_id/ssl/universal/settings", S::kZone, GetUniversalSslSettings},
      {"PATCH", "/zones/:zone_id/ssl/universal/settings", S::kZone, PatchUniversalSslSettings},
      {"GET", "/zones/:zone_id/settings/ssl_automatic_mode", S::kZone, GetSslAutomaticMode},
      {"PATCH", "/zones/:zone_id/settings/ssl_automatic_mode", S::kZone, PatchSslAutomaticMode},
      {"POST", "/zones/:zone_id/ssl/analyze", S::kZone, AnalyzeCertificate},
      {"GET", "/accounts/:account_id/mtls_certificates", S::kAccount, ListMtlsCertificates},
      {"POST", "/accounts/:account_id/mtls_certificates", S::kAccount, UploadMtlsCertificate},
      {"GET", "/accounts/:account_id/mtls_certificates/:id", S::kAccount, GetMtlsCertificate},
      {"DELETE", "/accounts/:account_id/mtls_certificates/:id", S::kAccount, DeleteMtlsCertificate},
      {"GET", "/accounts/:account_id/mtls_certificates/:id/associations", S::kAccount,
       ListMtlsCertificateAssociations},
      {"GET", "/zones/:zone_id/certificate_authorities/hostname_associations", S::kZone, GetHostnameAssociations},
      {"PUT", "/zones/:zone_id/certificate_authorities/hostname_associations", S::kZone, PutHostnameAssociations},
      {"GET", "/zones/:zone_id/client_certificates", S::kZone, ListClientCertificates},
      {"POST", "/zones/:zone_id/client_certificates", S::kZone, CreateClientCertificate},
      {"GET", "/zones/:zone_id/client_certificates/:id", S::kZone, GetClientCertificate},
      {"PATCH", "/zones/:zone_id/client_certificates/:id", S::kZone, PatchClientCertificate},
      {"DELETE", "/zones/:zone_id/client_certificates/:id", S::kZone, DeleteClientCertificate},
      {"GET", "/zones/:zone_id/custom_csrs", S::kZone, ListCustomCsrs},
      {"POST", "/zones/:zone_id/custom_csrs", S::kZone, CreateCustomCsr},
      {"GET", "/zones/:zone_id/custom_csrs/:id", S::kZone, GetCustomCsr},
      {"DELETE", "/zones/:zone_id/custom_csrs/:id", S::kZone, DeleteCustomCsr},
      {"GET", "/zones/:zone_id/custom_hostnames", S::kZone, ListCustomHostnames},
      {"POST", "/zones/:zone_id/custom_hostnames", S::kZone, CreateCustomHostname},
      {"GET", "/zones/:zone_id/custom_hostnames/:id", S::kZone, GetCustomHostname},
      {"PATCH", "/zones/:zone_id/custom_hostnames/:id", S::kZone, PatchCustomHostname},
      {"DELETE", "/zones/:zone_id/custom_hostnames/:id", S::kZone, DeleteCustomHostname},
      {"GET", "/zones/:zone_id/custom_certificates", S::kZone, ListCustomCertificates},
      {"POST", "/zones/:zone_id/custom_certificates", S::kZone, CreateCustomCertificate},
      {"GET", "/zones/:zone_id/custom_certificates/:id", S::kZone, GetCustomCertificate},
      {"PATCH", "/zones/:zone_id/custom_certificates/:id", S::kZone, PatchCustomCertificate},
      {"DELETE", "/zones/:zone_id/custom_certificates/:id", S::kZone, DeleteCustomCertificate},
      {"GET", "/zones/:zone_id/dns_records", S::kZone, ListDnsRecords},
      {"POST", "/zones/:zone_id/dns_records", S::kZone, CreateDnsRecord},
      {"DELETE", "/zones/:zone_id/dns_records/:id", S::kZone, DeleteDnsRecord},
  };
  return routes;
}

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

std::variant<RouteMatch, ApiResponse> MatchRoute(const std::vector<Route>& routes, const std::string& method,
                                                 const std::string& path) {
  const std::vector<std::string> segments = SplitPath(path);
  bool path_known = false;
  for (const Route& route : routes) {
    const std::vector<std::string> pattern = SplitPath(route.pattern);
    if (pattern.size() != segments.size()) continue;
    RouteMatch match;
    bool ok = true;
    for (std::size_t i = 0; i < pattern.size() && ok; ++i) {
      if (pattern[i][0] == ':') {
        match.params[pattern[i].substr(1)] = segments[i];
      } else {
        ok = pattern[i] == segments[i];
      }
    }
    // A literal segment beats a parameter ("quota" is not a pack id): the table lists literals first.
    if (!ok) continue;
    path_known = true;
    if (route.method != method) continue;
    match.route = &route;
    return match;
  }
  return ErrorResponse(path_known ? ErrorCode::kMethodNotAllowed : ErrorCode::kNoRoute);
}

}  // namespace edgecert::emulator
