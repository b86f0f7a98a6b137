// Account mTLS certificates: upload (CA or leaf), list, get, delete, and their associations.
#include <algorithm>

#include "api/emulator/certificate_fields.h"
#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/resource_views.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

MtlsCertificate* FindMtls(HandlerContext& ctx, const std::string& id) {
  auto it = ctx.state.mtls_certificates.find(id);
  if (it == ctx.state.mtls_certificates.end() || it->second.account_id != ctx.account->id) return nullptr;
  return &it->second;
}

// Hostnames associated with the certificate across the zones of its account.
std::vector<std::string> AssociatedHostnames(const HandlerContext& ctx, const MtlsCertificate& cert) {
  std::vector<std::string> out;
  for (const auto& zone : ctx.config.zones) {
    if (zone.account_id != cert.account_id) continue;
    auto z = ctx.state.hostname_associations.find(zone.id);
    if (z == ctx.state.hostname_associations.end()) continue;
    auto c = z->second.find(cert.id);
    if (c != z->second.end()) out.insert(out.end(), c->second.begin(), c->second.end());
  }
  return out;
}

}  // namespace

value MtlsCertificateJson(const MtlsCertificate& cert) {
  value v = value::object();
  v["id"] = value::string(cert.id);
  v["name"] = value::string(cert.name);
  v["ca"] = value::boolean(cert.ca);
  v["certificates"] = value::string(cert.certificates);
  v["issuer"] = value::string(cert.issuer);
  v["serial_number"] = value::string(cert.serial_number);
  v["signature"] = value::string(cert.signature);
  v["expires_on"] = value::string(FormatTime(cert.expires_on));
  v["uploaded_on"] = value::string(FormatTime(cert.uploaded_on));
  v["updated_at"] = value::string(FormatTime(cert.uploaded_on));
  return v;
}

ApiResponse ListMtlsCertificates(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  std::vector<const MtlsCertificate*> certs;
  for (const auto& [id, cert] : ctx.state.mtls_certificates) {
    if (cert.account_id == ctx.account->id) certs.push_back(&cert);
  }
  std::sort(certs.begin(), certs.end(), [](const MtlsCertificate* a, const MtlsCertificate* b) {
    return a->uploaded_on != b->uploaded_on ? a->uploaded_on < b->uploaded_on : a->id < b->id;
  });
  std::vector<value> items;
  for (const auto* cert : certs) items.push_back(MtlsCertificateJson(*cert));
  return PagedEnvelope(items, *page);
}

ApiResponse UploadMtlsCertificate(HandlerContext& ctx) {
  const value& body = ctx.Body();
  auto pem = StringField(body, "certificates");
  auto ca = BoolField(body, "ca");
  auto name = StringField(body, "name");
  auto key = StringField(body, "private_key");
  if (!pem.value || pem.value->empty()) return ErrorResponse(ErrorCode::kMtlsCertificateInvalid);
  if (!ca.value) return ErrorResponse(ErrorCode::kMtlsCertificateInvalid, "ca is required and must be a boolean");
  if (name.wrong_type() || key.wrong_type()) {
    return ErrorResponse(ErrorCode::kMtlsCertificateInvalid, "name and private_key must be strings");
  }
  auto chain = crypto::ParseCertificateChain(*pem.value);
  if (!chain.ok()) return ErrorResponse(ErrorCode::kMtlsCertificateInvalid, "certificates: " + chain.status().message());
  const crypto::CertificateInfo& leaf = chain->front();
  if (*ca.value && !leaf.is_ca) return ErrorResponse(ErrorCode::kMtlsNotCa);
  if (!leaf.signature_algorithm_allowed) {
    return ErrorResponse(ErrorCode::kMtlsSignatureAlgorithm,
                         "Signature algorithm " + leaf.signature_algorithm + " is not allowed");
  }
  if (ToEmulatorTime(leaf.not_after) <= ctx.now) return ErrorResponse(ErrorCode::kMtlsExpired);
  if (*ca.value) {
    int cas = 0;
    for (const auto& [id, cert] : ctx.state.mtls_certificates) cas += cert.account_id == ctx.account->id && cert.ca;
    if (cas >= ctx.account->mtls_ca_limit) return ErrorResponse(ErrorCode::kMtlsCaLimit);
  }
  if (!*ca.value && (!key.value || key.value->empty())) {
    return ErrorResponse(ErrorCode::kMtlsKeyMismatch, "A leaf certificate needs its private_key");
  }
  if (key.value && !key.value->empty()) {
    auto matches = crypto::PrivateKeyMatchesCertificate(Secret(*key.value), *pem.value);
    if (!matches.ok() || !*matches) return ErrorResponse(ErrorCode::kMtlsKeyMismatch);
  }
  MtlsCertificate cert;
  cert.id = ctx.state.NewId();
  cert.account_id = ctx.account->id;
  cert.name = name.value.value_or("");
  cert.ca = *ca.value;
  cert.certificates = *pem.value;
  cert.private_key = Secret(key.value.value_or(""));
  cert.issuer = leaf.issuer;
  cert.serial_number = leaf.serial_number;
  cert.signature = CloudflareSignatureName(leaf.signature_algorithm);
  cert.expires_on = ToEmulatorTime(leaf.not_after);
  cert.uploaded_on = ctx.now;
  ctx.state.mtls_certificates.emplace(cert.id, cert);
  ctx.Record("mtls_certificate", "create", cert.id, cert.account_id, MtlsCertificateJson(cert));
  return SuccessEnvelope(MtlsCertificateJson(cert));
}

ApiResponse GetMtlsCertificate(HandlerContext& ctx) {
  const MtlsCertificate* cert = FindMtls(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kMtlsNotFound);
  return SuccessEnvelope(MtlsCertificateJson(*cert));
}

ApiResponse DeleteMtlsCertificate(HandlerContext& ctx) {
  MtlsCertificate* cert = FindMtls(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kMtlsNotFound);
  if (!AssociatedHostnames(ctx, *cert).empty()) return ErrorResponse(ErrorCode::kMtlsHasAssociations);
  const value view = MtlsCertificateJson(*cert);
  ctx.Record("mtls_certificate", "delete", cert->id, cert->account_id, view);
  ctx.state.mtls_certificates.erase(cert->id);
  return SuccessEnvelope(view);
}

ApiResponse ListMtlsCertificateAssociations(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  const MtlsCertificate* cert = FindMtls(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kMtlsNotFound);
  std::vector<value> items;
  for (std::size_t i = 0; i < AssociatedHostnames(ctx, *cert).size(); ++i) {
    value v = value::object();
    v["service"] = value::string("mtls");
    v["status"] = value::string("active");
    items.push_back(v);
  }
  return PagedEnvelope(items, *page);
}

}  // namespace edgecert::emulator
