// SSL verification: per-pack validation details and changing a pack's validation method.
#include <algorithm>

#include "api/emulator/certificate_packs.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/lifecycle.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

std::string CertificateStatus(const std::string& pack_status) {
  if (pack_status == "initializing") return "initializing";
  if (pack_status == "pending_validation") return "authorizing";
  if (pack_status == "pending_issuance") return "issuing";
  if (pack_status == "pending_deployment") return "pending_deployment";
  if (pack_status == "active") return "active";
  return "timing_out";
}

}  // namespace

ApiResponse ListVerification(HandlerContext& ctx) {
  std::vector<const CertificatePack*> packs;
  for (const auto& [id, pack] : ctx.state.packs) {
    if (pack.zone_id == ctx.zone->id) packs.push_back(&pack);
  }
  std::sort(packs.begin(), packs.end(), [](const CertificatePack* a, const CertificatePack* b) {
    return a->created_at != b->created_at ? a->created_at < b->created_at : a->id < b->id;
  });
  std::vector<value> items;
  for (const auto* pack : packs) {
    const SslPhase phase = PackPhase(*pack, ctx.now, ctx.config.lifecycle);
    value v = value::object();
    v["certificate_status"] = value::string(CertificateStatus(phase.status));
    v["cert_pack_uuid"] = value::string(pack->id);
    v["brand_check"] = value::boolean(false);
    v["signature"] = value::string("ECDSAWithSHA256");
    v["verification_type"] = value::string("cname");
    v["verification_status"] = value::boolean(phase.status == "active");
    if (pack->validation_method != "email") {
      v["validation_method"] = value::string(pack->validation_method);
      const value record =
          ValidationRecord(pack->hosts.front(), ctx.zone->name, pack->validation_method, pack->validation_tokens.front());
      value info = value::object();
      if (pack->validation_method == "txt") {
        info["record_name"] = record.at("txt_name");
        info["record_target"] = record.at("txt_value");
      } else {
        info["record_name"] = record.at("http_url");
        info["record_target"] = record.at("http_body");
      }
      v["verification_info"] = info;
    }
    items.push_back(v);
  }
  return SuccessEnvelope(value::array(items));
}

ApiResponse PatchVerification(HandlerContext& ctx) {
  CertificatePack* pack = FindPack(ctx, ctx.Param("id"));
  if (pack == nullptr) return ErrorResponse(ErrorCode::kPackNotFound);
  auto method = StringField(ctx.Body(), "validation_method");
  if (!method.value || (*method.value != "http" && *method.value != "cname" && *method.value != "txt" &&
                        *method.value != "email")) {
    return ErrorResponse(ErrorCode::kPackValidationMethodInvalid,
                         "validation_method must be one of http, cname, txt, email");
  }
  if (*method.value == "cname") {
    return ErrorResponse(ErrorCode::kVerificationNotAllowed,
                         "cname validation is not available for advanced certificate packs");
  }
  const std::string status = PackPhase(*pack, ctx.now, ctx.config.lifecycle).status;
  if (status != "initializing" && status != "pending_validation" && status != "validation_timed_out") {
    return ErrorResponse(ErrorCode::kVerificationNotAllowed,
                         "The validation method can only change while validation is pending (pack is " + status + ")");
  }
  if (*method.value == "http") {
    for (const auto& host : pack->hosts) {
      if (host.rfind("*.", 0) == 0) {
        return ErrorResponse(ErrorCode::kPackValidationMethodInvalid,
                             "http validation is not available for wildcard host " + host);
      }
    }
  }
  pack->validation_method = *method.value;
  for (auto& token : pack->validation_tokens) token = ctx.state.NewToken(32);
  pack->modified_on = ctx.now;
  ctx.Record("certificate_pack", "update", pack->id, pack->zone_id, PackHistoryJson(*pack, ctx));
  value result = value::object();
  result["status"] = value::string(status);
  result["validation_method"] = value::string(pack->validation_method);
  return SuccessEnvelope(result);
}

}  // namespace edgecert::emulator
