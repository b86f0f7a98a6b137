#include "api/client/call_decode.h"
#include "api/client/cloudflare_client.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {
namespace {
constexpr const char* kCsrs = "/zones/{zone_id}/custom_csrs";
constexpr const char* kCsr = "/zones/{zone_id}/custom_csrs/{custom_csr_id}";
constexpr const char* kHostnames = "/zones/{zone_id}/custom_hostnames";
constexpr const char* kHostname = "/zones/{zone_id}/custom_hostnames/{custom_hostname_id}";
constexpr const char* kCerts = "/zones/{zone_id}/custom_certificates";
constexpr const char* kCert = "/zones/{zone_id}/custom_certificates/{custom_certificate_id}";
}  // namespace

Result<std::vector<CustomCsr>> CloudflareClient::ListCustomCsrs(const std::string& zone_id) {
  return CallList<CustomCsr>(caller_, Get(kCsrs, {zone_id}), ParseCustomCsr, true);
}

Result<CustomCsr> CloudflareClient::GetCustomCsr(const std::string& zone_id, const std::string& id) {
  return CallOne<CustomCsr>(caller_, Get(kCsr, {zone_id, id}), ParseCustomCsr);
}

Result<CustomCsr> CloudflareClient::CreateCustomCsr(const std::string& zone_id,
                                                    const CreateCustomCsrRequest& request) {
  return CallOne<CustomCsr>(caller_, Write("POST", kCsrs, {zone_id}, ToJson(request)), ParseCustomCsr);
}

Status CloudflareClient::DeleteCustomCsr(const std::string& zone_id, const std::string& id) {
  return CallStatus(caller_, Delete(kCsr, {zone_id, id}));
}

Result<std::vector<CustomHostname>> CloudflareClient::ListCustomHostnames(const std::string& zone_id) {
  return CallList<CustomHostname>(caller_, Get(kHostnames, {zone_id}), ParseCustomHostname, true);
}

Result<CustomHostname> CloudflareClient::GetCustomHostname(const std::string& zone_id,
                                                           const std::string& id) {
  return CallOne<CustomHostname>(caller_, Get(kHostname, {zone_id, id}), ParseCustomHostname);
}

Result<CustomHostname> CloudflareClient::CreateCustomHostname(const std::string& zone_id,
                                                              const CreateCustomHostnameRequest& request) {
  return CallOne<CustomHostname>(caller_, Write("POST", kHostnames, {zone_id}, ToJson(request)),
                                 ParseCustomHostname);
}

Result<CustomHostname> CloudflareClient::PatchCustomHostname(const std::string& zone_id,
                                                             const std::string& id,
                                                             const PatchCustomHostnameRequest& request) {
  return CallOne<CustomHostname>(caller_, Write("PATCH", kHostname, {zone_id, id}, ToJson(request)),
                                 ParseCustomHostname);
}

Status CloudflareClient::DeleteCustomHostname(const std::string& zone_id, const std::string& id) {
  ApiCall call = Delete(kHostname, {zone_id, id});
  call.bare_result = true;  // the contract's 200 is a bare {"id": ...}
  return CallStatus(caller_, call);
}

Result<std::vector<CustomCertificate>> CloudflareClient::ListCustomCertificates(const std::string& zone_id) {
  return CallList<CustomCertificate>(caller_, Get(kCerts, {zone_id}), ParseCustomCertificate, true);
}

Result<CustomCertificate> CloudflareClient::GetCustomCertificate(const std::string& zone_id,
                                                                 const std::string& id) {
  return CallOne<CustomCertificate>(caller_, Get(kCert, {zone_id, id}), ParseCustomCertificate);
}

Result<CustomCertificate> CloudflareClient::CreateCustomCertificate(
    const std::string& zone_id, const CreateCustomCertificateRequest& request) {
  return CallOne<CustomCertificate>(caller_, Write("POST", kCerts, {zone_id}, ToJson(request)),
                                    ParseCustomCertificate);
}

Status CloudflareClient::DeleteCustomCertificate(const std::string& zone_id, const std::string& id) {
  return CallStatus(caller_, Delete(kCert, {zone_id, id}));
}

}  // namespace edgecert::api
