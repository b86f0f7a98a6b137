// Zone custom certificates (legacy custom SSL): upload with key, list, get, patch, delete.
#include <algorithm>

#include "api/emulator/certificate_fields.h"
#include "api/emulator/custom_certificate_check.h"
#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/resource_views.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

const CertificateCheckCodes kCodes{ErrorCode::kCustomCertificateInvalid, ErrorCode::kCustomCertificateSelfSigned,
                                   ErrorCode::kCustomCertificateKeyMismatch};

CustomCertificate* FindCustom(HandlerContext& ctx, const std::string& id) {
  auto it = ctx.state.custom_certificates.find(id);
  if (it == ctx.state.custom_certificates.end() || it->second.zone_id != ctx.zone->id) return nullptr;
  return &it->second;
}

std::string CustomStatus(const CustomCertificate& cert, const HandlerContext& ctx) {
  if (cert.expires_on <= ctx.now) return "expired";
  return ctx.now < cert.modified_on + ctx.config.lifecycle.deployment ? "pending" : "active";
}

// Applies the optional fields shared by POST and PATCH; returns the error response, if any.
std::optional<ApiResponse> ApplyOptions(const value& body, CustomCertificate& cert, bool allow_type) {
  auto bundle = StringField(body, "bundle_method");
  if (bundle.wrong_type() || (bundle.value && *bundle.value != "ubiquitous" && *bundle.value != "optimal" &&
                              *bundle.value != "force")) {
    return ErrorResponse(ErrorCode::kCustomCertificateFieldInvalid, "bundle_method must be one of ubiquitous, optimal, force");
  }
  if (bundle.value) cert.bundle_method = *bundle.value;
  auto type = StringField(body, "type");
  if (allow_type && (type.wrong_type() || (type.value && *type.value != "legacy_custom" && *type.value != "sni_custom"))) {
    return ErrorResponse(ErrorCode::kCustomCertificateFieldInvalid, "type must be one of legacy_custom, sni_custom");
  }
  if (allow_type && type.value) cert.type = *type.value;
  if (auto geo = ObjectField(body, "geo_restrictions")) {
    auto label = StringField(*geo, "label");
    if (!label.value || (*label.value != "us" && *label.value != "eu" && *label.value != "highest_security")) {
      return ErrorResponse(ErrorCode::kCustomCertificateFieldInvalid, "geo_restrictions.label must be us, eu or highest_security");
    }
    cert.geo_restrictions = *geo;
  }
  auto policy = StringField(body, "policy");
  if (policy.wrong_type()) return ErrorResponse(ErrorCode::kCustomCertificateFieldInvalid, "policy must be a string");
  if (policy.value) cert.policy = *policy.value;
  return std::nullopt;
}

// Checks and stores a certificate + key pair into `cert`.
std::optional<ApiResponse> ApplyCertificate(const std::string& pem, const std::string& key, CustomCertificate& cert) {
  auto checked = CheckCustomCertificate(pem, kCodes);
  if (auto* error = std::get_if<ApiResponse>(&checked)) return *error;
  const auto& info = std::get<crypto::CertificateInfo>(checked);
  if (auto error = CheckKey(pem, info, &key, nullptr, kCodes.key_mismatch)) return error;
  cert.certificate = pem;
  cert.private_key = Secret(key);
  cert.hosts = info.dns_names.empty() ? std::vector<std::string>{info.common_name} : info.dns_names;
  cert.issuer = info.issuer;
  cert.signature = CloudflareSignatureName(info.signature_algorithm);
  cert.expires_on = ToEmulatorTime(info.not_after);
  return std::nullopt;
}

}  // namespace

value CustomCertificateJson(const CustomCertificate& cert, const HandlerContext& ctx) {
  value v = value::object();
  v["id"] = value::string(cert.id);
  v["zone_id"] = value::string(cert.zone_id);
  v["hosts"] = StringArray(cert.hosts);
  v["issuer"] = value::string(cert.issuer);
  v["signature"] = value::string(cert.signature);
  v["status"] = value::string(CustomStatus(cert, ctx));
  v["bundle_method"] = value::string(cert.bundle_method);
  v["type"] = value::string(cert.type);
  v["uploaded_on"] = value::string(FormatTime(cert.uploaded_on));
  v["modified_on"] = value::string(FormatTime(cert.modified_on));
  v["expires_on"] = value::string(FormatTime(cert.expires_on));
  v["priority"] = value::number(cert.priority);
  if (!cert.geo_restrictions.is_null()) v["geo_restrictions"] = cert.geo_restrictions;
  if (!cert.policy.empty()) v["policy"] = value::string(cert.policy);
  return v;
}

ApiResponse ListCustomCertificates(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  const std::string wanted = ctx.Query("status");
  std::vector<const CustomCertificate*> certs;
  for (const auto& [id, cert] : ctx.state.custom_certificates) {
    if (cert.zone_id != ctx.zone->id) continue;
    if (!wanted.empty() && CustomStatus(cert, ctx) != wanted) continue;
    certs.push_back(&cert);
  }
  std::sort(certs.begin(), certs.end(), [](const CustomCertificate* a, const CustomCertificate* b) {
    return a->uploaded_on != b->uploaded_on ? a->uploaded_on < b->uploaded_on : a->id < b->id;
  });
  std::vector<value> items;
  for (const auto* cert : certs) items.push_back(CustomCertificateJson(*cert, ctx));
  return PagedEnvelope(items, *page);
}

ApiResponse CreateCustomCertificate(HandlerContext& ctx) {
  auto pem = StringField(ctx.Body(), "certificate");
  auto key = StringField(ctx.Body(), "private_key");
  if (!pem.value || !key.value || pem.value->empty() || key.value->empty()) {
    return ErrorResponse(ErrorCode::kCustomCertificateInvalid);
  }
  CustomCertificate cert;
  if (auto error = ApplyOptions(ctx.Body(), cert, true)) return *error;
  if (auto error = ApplyCertificate(*pem.value, *key.value, cert)) return *error;
  cert.id = ctx.state.NewId();
  cert.zone_id = ctx.zone->id;
  cert.uploaded_on = cert.modified_on = ctx.now;
  auto [it, inserted] = ctx.state.custom_certificates.emplace(cert.id, std::move(cert));
  ctx.Record("custom_certificate", "create", it->first, ctx.zone->id, CustomCertificateJson(it->second, ctx));
  return SuccessEnvelope(CustomCertificateJson(it->second, ctx));
}

ApiResponse GetCustomCertificate(HandlerContext& ctx) {
  const CustomCertificate* cert = FindCustom(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kCustomCertificateNotFound);
  return SuccessEnvelope(CustomCertificateJson(*cert, ctx));
}

ApiResponse PatchCustomCertificate(HandlerContext& ctx) {
  CustomCertificate* found = FindCustom(ctx, ctx.Param("id"));
  if (found == nullptr) return ErrorResponse(ErrorCode::kCustomCertificateNotFound);
  CustomCertificate updated = *found;  // all or nothing
  if (auto error = ApplyOptions(ctx.Body(), updated, false)) return *error;
  auto pem = StringField(ctx.Body(), "certificate");
  auto key = StringField(ctx.Body(), "private_key");
  if (pem.wrong_type() || key.wrong_type()) return ErrorResponse(ErrorCode::kCustomCertificateInvalid);
  if (pem.value || key.value) {
    if (!pem.value || !key.value) {
      return ErrorResponse(ErrorCode::kCustomCertificateInvalid, "certificate and private_key are replaced together");
    }
    if (auto error = ApplyCertificate(*pem.value, *key.value, updated)) return *error;
  }
  updated.modified_on = ctx.now;
  *found = std::move(updated);
  ctx.Record("custom_certificate", "update", found->id, ctx.zone->id, CustomCertificateJson(*found, ctx));
  return SuccessEnvelope(CustomCertificateJson(*found, ctx));
}

ApiResponse DeleteCustomCertificate(HandlerContext& ctx) {
  CustomCertificate* cert = FindCustom(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kCustomCertificateNotFound);
  const std::string id = cert->id;
  ctx.Record("custom_certificate", "delete", id, ctx.zone->id, CustomCertificateJson(*cert, ctx));
  ctx.state.custom_certificates.erase(id);
  value result = value::object();
  result["id"] = value::string(id);
  return SuccessEnvelope(result);
}

}  // namespace edgecert::emulator
