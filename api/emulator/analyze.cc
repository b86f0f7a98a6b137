// POST /ssl/analyze: how the API would take a custom certificate, without uploading it.
#include "api/emulator/certificate_fields.h"
#include "api/emulator/custom_certificate_check.h"
#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"

namespace edgecert::emulator {

using web::json::value;

ApiResponse AnalyzeCertificate(HandlerContext& ctx) {
  auto pem = StringField(ctx.Body(), "certificate");
  auto bundle = StringField(ctx.Body(), "bundle_method");
  if (!pem.value || pem.value->empty()) return ErrorResponse(ErrorCode::kCustomCertificateInvalid, "certificate is required");
  const std::string method = bundle.value.value_or("ubiquitous");
  if (bundle.wrong_type() || (method != "ubiquitous" && method != "optimal" && method != "force")) {
    return ErrorResponse(ErrorCode::kCustomCertificateFieldInvalid, "bundle_method must be one of ubiquitous, optimal, force");
  }
  auto chain = crypto::ParseCertificateChain(*pem.value);
  if (!chain.ok()) return ErrorResponse(ErrorCode::kCustomCertificateInvalid, "certificate: " + chain.status().message());
  const crypto::CertificateInfo& leaf = chain->front();
  if (leaf.self_signed) return ErrorResponse(ErrorCode::kCustomCertificateSelfSigned);
  std::vector<value> certificates;
  for (const auto& info : *chain) {
    value c = value::object();
    c["subject"] = value::string(info.subject);
    c["issuer"] = value::string(info.issuer);
    c["serial_number"] = value::string(info.serial_number);
    c["signature"] = value::string(CloudflareSignatureName(info.signature_algorithm));
    c["expires_on"] = value::string(FormatTime(ToEmulatorTime(info.not_after)));
    c["fingerprint_sha256"] = value::string(info.fingerprint_sha256);
    certificates.push_back(c);
  }
  value result = value::object();
  result["bundle_method"] = value::string(method);
  result["hosts"] = StringArray(leaf.dns_names.empty() ? std::vector<std::string>{leaf.common_name} : leaf.dns_names);
  result["issuer"] = value::string(leaf.issuer);
  result["signature"] = value::string(CloudflareSignatureName(leaf.signature_algorithm));
  result["expires_on"] = value::string(FormatTime(ToEmulatorTime(leaf.not_after)));
  result["expired"] = value::boolean(ToEmulatorTime(leaf.not_after) <= ctx.now);
  result["certificates"] = value::array(certificates);
  return SuccessEnvelope(result);
}

}  // namespace edgecert::emulator
