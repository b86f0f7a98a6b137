// Custom CSRs (seed 000): the emulator generates the key, keeps it, and returns the CSR.
#include <algorithm>

#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/resource_views.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

CustomCsr* FindCsr(HandlerContext& ctx, const std::string& id) {
  auto it = ctx.state.custom_csrs.find(id);
  if (it == ctx.state.custom_csrs.end() || it->second.zone_id != ctx.zone->id) return nullptr;
  return &it->second;
}

}  // namespace

value CustomCsrJson(const CustomCsr& csr) {
  value v = value::object();
  v["id"] = value::string(csr.id);
  v["country"] = value::string(csr.country);
  v["state"] = value::string(csr.state);
  v["locality"] = value::string(csr.locality);
  v["organization"] = value::string(csr.organization);
  v["organizational_unit"] = value::string(csr.organizational_unit);
  v["common_name"] = value::string(csr.common_name);
  v["sans"] = StringArray(csr.sans);
  v["key_type"] = value::string(csr.key_type);
  v["csr"] = value::string(csr.csr);
  return v;
}

ApiResponse ListCustomCsrs(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  std::vector<const CustomCsr*> csrs;
  for (const auto& [id, csr] : ctx.state.custom_csrs) {
    if (csr.zone_id == ctx.zone->id) csrs.push_back(&csr);
  }
  std::sort(csrs.begin(), csrs.end(), [](const CustomCsr* a, const CustomCsr* b) {
    return a->created_at != b->created_at ? a->created_at < b->created_at : a->id < b->id;
  });
  std::vector<value> items;
  for (const auto* csr : csrs) items.push_back(CustomCsrJson(*csr));
  return PagedEnvelope(items, *page);
}

ApiResponse CreateCustomCsr(HandlerContext& ctx) {
  const value& body = ctx.Body();
  CustomCsr csr;
  for (auto [name, out] : {std::pair<const char*, std::string*>{"country", &csr.country},
                           {"state", &csr.state},
                           {"locality", &csr.locality},
                           {"organization", &csr.organization},
                           {"common_name", &csr.common_name}}) {
    auto field = StringField(body, name);
    if (!field.value || field.value->empty()) {
      return ErrorResponse(ErrorCode::kCsrFieldMissing, std::string(name) + " is required");
    }
    *out = *field.value;
  }
  auto unit = StringField(body, "organizational_unit");
  if (unit.wrong_type()) return ErrorResponse(ErrorCode::kCsrFieldMissing, "organizational_unit must be a string");
  csr.organizational_unit = unit.value.value_or("");
  auto key_type = StringField(body, "key_type");
  csr.key_type = key_type.value.value_or("rsa2048");
  if (key_type.wrong_type() || (csr.key_type != "rsa2048" && csr.key_type != "p256v1")) {
    return ErrorResponse(ErrorCode::kCsrKeyTypeInvalid);
  }
  if (csr.common_name.size() > 64) return ErrorResponse(ErrorCode::kCsrCommonNameTooLong);
  auto sans = StringListField(body, "sans");
  if (!sans.present) return ErrorResponse(ErrorCode::kCsrFieldMissing, "sans is required");
  if (!sans.value || sans.value->empty()) return ErrorResponse(ErrorCode::kCsrSansInvalid);
  for (const auto& san : *sans.value) {
    if (san.empty() || san.size() > 255) return ErrorResponse(ErrorCode::kCsrSansInvalid);
  }
  if (std::find(sans.value->begin(), sans.value->end(), csr.common_name) == sans.value->end()) {
    return ErrorResponse(ErrorCode::kCsrSansInvalid, "sans must include the common name " + csr.common_name);
  }
  csr.sans = *sans.value;
  auto key = crypto::GeneratePrivateKey(csr.key_type == "p256v1" ? crypto::KeyType::kP256 : crypto::KeyType::kRsa2048);
  if (!key.ok()) return FailureEnvelope(500, 10002, "Key generation failed");
  crypto::DistinguishedName subject{csr.country, csr.state, csr.locality, csr.organization, csr.organizational_unit,
                                    csr.common_name};
  auto pem = crypto::CreateCsr(*key, subject, csr.sans);
  if (!pem.ok()) return ErrorResponse(ErrorCode::kCsrSansInvalid, pem.status().message());
  auto parsed = crypto::ParseCsr(*pem);
  if (!parsed.ok()) return FailureEnvelope(500, 10002, "The generated CSR does not parse");
  csr.id = ctx.state.NewId();
  csr.zone_id = ctx.zone->id;
  csr.csr = *pem;
  csr.private_key = std::move(key).value();
  csr.public_key_sha256 = parsed->public_key_sha256;
  csr.created_at = ctx.now;
  auto [it, inserted] = ctx.state.custom_csrs.emplace(csr.id, std::move(csr));
  ctx.Record("custom_csr", "create", it->first, ctx.zone->id, CustomCsrJson(it->second));
  return SuccessEnvelope(CustomCsrJson(it->second));
}

ApiResponse GetCustomCsr(HandlerContext& ctx) {
  const CustomCsr* csr = FindCsr(ctx, ctx.Param("id"));
  if (csr == nullptr) return ErrorResponse(ErrorCode::kCsrNotFound);
  return SuccessEnvelope(CustomCsrJson(*csr));
}

ApiResponse DeleteCustomCsr(HandlerContext& ctx) {
  CustomCsr* csr = FindCsr(ctx, ctx.Param("id"));
  if (csr == nullptr) return ErrorResponse(ErrorCode::kCsrNotFound);
  for (const auto& [id, hostname] : ctx.state.custom_hostnames) {
    if (hostname.custom_csr_id == csr->id && !hostname.custom_certificate.empty()) {
      return ErrorResponse(ErrorCode::kCsrInUse, "The CSR's private key is in use by custom hostname " + hostname.hostname);
    }
  }
  const std::string id = csr->id;
  ctx.Record("custom_csr", "delete", id, ctx.zone->id, CustomCsrJson(*csr));
  ctx.state.custom_csrs.erase(id);
  value result = value::object();
  result["id"] = value::string(id);
  return SuccessEnvelope(result);
}

}  // namespace edgecert::emulator
