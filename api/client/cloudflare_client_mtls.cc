#include "api/client/call_decode.h"
#include "api/client/cloudflare_client.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {
namespace {
constexpr const char* kMtlsList = "/accounts/{account_id}/mtls_certificates";
constexpr const char* kMtls = "/accounts/{account_id}/mtls_certificates/{mtls_certificate_id}";
constexpr const char* kHostnameAssociations = "/zones/{zone_id}/certificate_authorities/hostname_associations";
constexpr const char* kClientCerts = "/zones/{zone_id}/client_certificates";
constexpr const char* kClientCert = "/zones/{zone_id}/client_certificates/{client_certificate_id}";
}  // namespace

Result<std::vector<MtlsCertificate>> CloudflareClient::ListMtlsCertificates(const std::string& account_id) {
  return CallList<MtlsCertificate>(caller_, Get(kMtlsList, {account_id}), ParseMtlsCertificate, true);
}

Result<MtlsCertificate> CloudflareClient::GetMtlsCertificate(const std::string& account_id,
                                                             const std::string& id) {
  return CallOne<MtlsCertificate>(caller_, Get(kMtls, {account_id, id}), ParseMtlsCertificate);
}

Result<MtlsCertificate> CloudflareClient::UploadMtlsCertificate(
    const std::string& account_id, const UploadMtlsCertificateRequest& request) {
  return CallOne<MtlsCertificate>(caller_, Write("POST", kMtlsList, {account_id}, ToJson(request)),
                                  ParseMtlsCertificate);
}

Status CloudflareClient::DeleteMtlsCertificate(const std::string& account_id, const std::string& id) {
  return CallStatus(caller_, Delete(kMtls, {account_id, id}));
}

Result<std::vector<MtlsAssociation>> CloudflareClient::ListMtlsAssociations(const std::string& account_id,
                                                                            const std::string& id) {
  return CallList<MtlsAssociation>(
      caller_, Get("/accounts/{account_id}/mtls_certificates/{mtls_certificate_id}/associations", {account_id, id}),
      ParseMtlsAssociation, false);
}

Result<HostnameAssociations> CloudflareClient::GetHostnameAssociations(
    const std::string& zone_id, const std::optional<std::string>& mtls_certificate_id) {
  ApiCall call = Get(kHostnameAssociations, {zone_id});
  if (mtls_certificate_id) call.query.emplace_back("mtls_certificate_id", *mtls_certificate_id);
  return CallOne<HostnameAssociations>(caller_, call, ParseHostnameAssociations);
}

Result<HostnameAssociations> CloudflareClient::PutHostnameAssociations(
    const std::string& zone_id, const PutHostnameAssociationsRequest& request) {
  return CallOne<HostnameAssociations>(caller_, Write("PUT", kHostnameAssociations, {zone_id}, ToJson(request)),
                                       ParseHostnameAssociations);
}

Result<std::vector<ClientCertificate>> CloudflareClient::ListClientCertificates(const std::string& zone_id) {
  ApiCall call = Get(kClientCerts, {zone_id});
  call.query.emplace_back("status", "all");
  return CallList<ClientCertificate>(caller_, call, ParseClientCertificate, true);
}

Result<ClientCertificate> CloudflareClient::GetClientCertificate(const std::string& zone_id,
                                                                 const std::string& id) {
  return CallOne<ClientCertificate>(caller_, Get(kClientCert, {zone_id, id}), ParseClientCertificate);
}

Result<ClientCertificate> CloudflareClient::CreateClientCertificate(
    const std::string& zone_id, const CreateClientCertificateRequest& request) {
  return CallOne<ClientCertificate>(caller_, Write("POST", kClientCerts, {zone_id}, ToJson(request)),
                                    ParseClientCertificate);
}

Result<ClientCertificate> CloudflareClient::ReactivateClientCertificate(const std::string& zone_id,
                                                                        const std::string& id) {
  return CallOne<ClientCertificate>(
      caller_, Write("PATCH", kClientCert, {zone_id, id}, web::json::value::object()), ParseClientCertificate);
}

Status CloudflareClient::RevokeClientCertificate(const std::string& zone_id, const std::string& id) {
  return CallStatus(caller_, Delete(kClientCert, {zone_id, id}));
}

}  // namespace edgecert::api
