#include "api/client/call_decode.h"
#include "api/client/cloudflare_client.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {
namespace {
constexpr const char* kPacks = "/zones/{zone_id}/ssl/certificate_packs";
constexpr const char* kPack = "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}";
}  // namespace

Result<std::vector<CertificatePack>> CloudflareClient::ListCertificatePacks(const std::string& zone_id) {
  ApiCall call = Get(kPacks, {zone_id});
  call.query.emplace_back("status", "all");
  return CallList<CertificatePack>(caller_, call, ParseCertificatePack, true);
}

Result<CertificatePack> CloudflareClient::GetCertificatePack(const std::string& zone_id,
                                                             const std::string& pack_id) {
  return CallOne<CertificatePack>(caller_, Get(kPack, {zone_id, pack_id}), ParseCertificatePack);
}

Result<CertificatePack> CloudflareClient::OrderCertificatePack(
    const std::string& zone_id, const OrderCertificatePackRequest& request) {
  return CallOne<CertificatePack>(
      caller_, Write("POST", "/zones/{zone_id}/ssl/certificate_packs/order", {zone_id}, ToJson(request)),
      ParseCertificatePack);
}

Result<CertificatePack> CloudflareClient::PatchCertificatePack(
    const std::string& zone_id, const std::string& pack_id, const PatchCertificatePackRequest& request) {
  return CallOne<CertificatePack>(caller_, Write("PATCH", kPack, {zone_id, pack_id}, ToJson(request)),
                                  ParseCertificatePack);
}

Status CloudflareClient::DeleteCertificatePack(const std::string& zone_id, const std::string& pack_id) {
  return CallStatus(caller_, Delete(kPack, {zone_id, pack_id}));
}

Result<CertificatePackQuota> CloudflareClient::GetCertificatePackQuota(const std::string& zone_id) {
  return CallOne<CertificatePackQuota>(
      caller_, Get("/zones/{zone_id}/ssl/certificate_packs/quota", {zone_id}), ParseCertificatePackQuota);
}

Result<std::vector<Verification>> CloudflareClient::ListVerifications(const std::string& zone_id) {
  return CallList<Verification>(caller_, Get("/zones/{zone_id}/ssl/verification", {zone_id}),
                                ParseVerification, false);
}

Result<ValidationMethodChange> CloudflareClient::PatchVerificationMethod(
    const std::string& zone_id, const std::string& pack_id, const std::string& validation_method) {
  auto body = web::json::value::object();
  body["validation_method"] = web::json::value::string(validation_method);
  return CallOne<ValidationMethodChange>(
      caller_,
      Write("PATCH", "/zones/{zone_id}/ssl/verification/{certificate_pack_id}", {zone_id, pack_id}, body),
      ParseValidationMethodChange);
}

}  // namespace edgecert::api
