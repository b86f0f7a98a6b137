// API Shield client certificates: the emulator's managed CA signs the submitted CSR; delete revokes
// (pending_revocation -> revoked) and PATCH reactivates (pending_reactivation -> active).
#include <algorithm>

#include "api/emulator/certificate_fields.h"
#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/lifecycle.h"
#include "api/emulator/resource_views.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

constexpr char kManagedCaName[] = "Cloudflare Managed CA for account";

ClientCertificate* FindClient(HandlerContext& ctx, const std::string& id) {
  auto it = ctx.state.client_certificates.find(id);
  if (it == ctx.state.client_certificates.end() || it->second.zone_id != ctx.zone->id) return nullptr;
  return &it->second;
}

Result<const crypto::CertificateAuthority*> ManagedCa(HandlerContext& ctx) {
  if (!ctx.state.managed_ca) {
    crypto::DistinguishedName subject;
    subject.country = "US";
    subject.state = "California";
    subject.locality = "San Francisco";
    subject.organization = "Cloudflare, Inc.";
    subject.common_name = "Edgecert Emulator Managed CA";
    auto ca = crypto::CreateSelfSignedCa(subject, crypto::KeyType::kP256,
                                         ToCryptoTime(ctx.now - std::chrono::hours(24)), std::chrono::hours(24 * 3650 * 2));
    if (!ca.ok()) return ca.status();
    ctx.state.managed_ca = std::move(ca).value();
  }
  return &*ctx.state.managed_ca;
}

}  // namespace

value ClientCertificateJson(const ClientCertificate& cert, const HandlerContext& ctx) {
  value v = value::object();
  v["id"] = value::string(cert.id);
  v["certificate"] = value::string(cert.certificate);
  value authority = value::object();
  authority["id"] = value::string(StableId("managed-ca:" + ctx.zone->account_id));
  authority["name"] = value::string(kManagedCaName);
  v["certificate_authority"] = authority;
  v["common_name"] = value::string(cert.common_name);
  v["country"] = value::string(cert.country);
  v["state"] = value::string(cert.state);
  v["location"] = value::string(cert.location);
  v["organization"] = value::string(cert.organization);
  v["organizational_unit"] = value::string(cert.organizational_unit);
  v["csr"] = value::string(cert.csr);
  v["expires_on"] = value::string(FormatTime(cert.expires_on));
  v["issued_on"] = value::string(FormatTime(cert.issued_on));
  v["fingerprint_sha256"] = value::string(cert.fingerprint_sha256);
  v["serial_number"] = value::string(cert.serial_number);
  v["signature"] = value::string(cert.signature);
  v["ski"] = value::string(cert.ski);
  v["status"] = value::string(ClientCertificateStatus(cert, ctx.now, ctx.config.lifecycle));
  v["validity_days"] = value::number(cert.validity_days);
  return v;
}

ApiResponse ListClientCertificates(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  const std::string wanted = ctx.Query("status").empty() ? "all" : ctx.Query("status");
  if (wanted != "all" && wanted != "active" && wanted != "pending_reactivation" && wanted != "pending_revocation" &&
      wanted != "revoked") {
    return ErrorResponse(ErrorCode::kInvalidPagination, "status must be one of all, active, pending_reactivation, "
                                                        "pending_revocation, revoked");
  }
  std::vector<const ClientCertificate*> certs;
  for (const auto& [id, cert] : ctx.state.client_certificates) {
    if (cert.zone_id != ctx.zone->id) continue;
    if (wanted != "all" && ClientCertificateStatus(cert, ctx.now, ctx.config.lifecycle) != wanted) continue;
    certs.push_back(&cert);
  }
  std::sort(certs.begin(), certs.end(), [](const ClientCertificate* a, const ClientCertificate* b) {
    return a->issued_on != b->issued_on ? a->issued_on < b->issued_on : a->id < b->id;
  });
  std::vector<value> items;
  for (const auto* cert : certs) items.push_back(ClientCertificateJson(*cert, ctx));
  return PagedEnvelope(items, *page);
}

ApiResponse CreateClientCertificate(HandlerContext& ctx) {
  auto csr = StringField(ctx.Body(), "csr");
  auto validity = IntegerField(ctx.Body(), "validity_days");
  if (!csr.value || csr.value->empty()) return ErrorResponse(ErrorCode::kClientCsrInvalid);
  if (!validity.value || *validity.value < 1 || *validity.value > 3650) {
    return ErrorResponse(ErrorCode::kClientValidityInvalid);
  }
  auto info = crypto::ParseCsr(*csr.value);
  if (!info.ok()) return ErrorResponse(ErrorCode::kClientCsrInvalid, "csr: " + info.status().message());
  if (!info->signature_valid) return ErrorResponse(ErrorCode::kClientCsrInvalid, "csr: the signature does not verify");
  auto ca = ManagedCa(ctx);
  if (!ca.ok()) return FailureEnvelope(500, 10002, "The managed CA is unavailable: " + ca.status().message());
  const std::uint64_t serial = ctx.state.next_serial++;
  auto pem = crypto::SignCsr(**ca, *csr.value, serial, ToCryptoTime(ctx.now), std::chrono::hours(24) * *validity.value);
  if (!pem.ok()) return ErrorResponse(ErrorCode::kClientCsrInvalid, "csr: " + pem.status().message());
  auto issued = crypto::ParseCertificate(*pem);
  if (!issued.ok()) return FailureEnvelope(500, 10002, "The issued certificate does not parse");
  ClientCertificate cert;
  cert.id = ctx.state.NewId();
  cert.zone_id = ctx.zone->id;
  cert.csr = *csr.value;
  cert.certificate = *pem;
  cert.common_name = info->subject.common_name;
  cert.country = info->subject.country;
  cert.state = info->subject.state;
  cert.location = info->subject.locality;
  cert.organization = info->subject.organization;
  cert.organizational_unit = info->subject.organizational_unit;
  cert.serial_number = issued->serial_number;
  cert.signature = CloudflareSignatureName(issued->signature_algorithm);
  cert.ski = SubjectKeyIdentifier(*pem);
  cert.fingerprint_sha256 = issued->fingerprint_sha256;
  cert.validity_days = static_cast<int>(*validity.value);
  cert.issued_on = ctx.now;
  cert.expires_on = ToEmulatorTime(issued->not_after);
  auto [it, inserted] = ctx.state.client_certificates.emplace(cert.id, cert);
  ctx.Record("client_certificate", "create", cert.id, cert.zone_id, ClientCertificateJson(it->second, ctx));
  return SuccessEnvelope(ClientCertificateJson(it->second, ctx));
}

ApiResponse GetClientCertificate(HandlerContext& ctx) {
  const ClientCertificate* cert = FindClient(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kClientCertificateNotFound);
  return SuccessEnvelope(ClientCertificateJson(*cert, ctx));
}

ApiResponse PatchClientCertificate(HandlerContext& ctx) {
  ClientCertificate* cert = FindClient(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kClientCertificateNotFound);
  if (cert->target_status != "revoked") return ErrorResponse(ErrorCode::kClientStatusTransition);
  cert->target_status = "active";
  cert->transition_started_at = ctx.now;
  ctx.Record("client_certificate", "update", cert->id, cert->zone_id, ClientCertificateJson(*cert, ctx));
  return SuccessEnvelope(ClientCertificateJson(*cert, ctx));
}

ApiResponse DeleteClientCertificate(HandlerContext& ctx) {
  ClientCertificate* cert = FindClient(ctx, ctx.Param("id"));
  if (cert == nullptr) return ErrorResponse(ErrorCode::kClientCertificateNotFound);
  // Revoking twice is harmless: the revocation already in progress (or done) stands.
  if (cert->target_status != "revoked") {
    cert->target_status = "revoked";
    cert->transition_started_at = ctx.now;
    ctx.Record("client_certificate", "delete", cert->id, cert->zone_id, ClientCertificateJson(*cert, ctx));
  }
  return SuccessEnvelope(ClientCertificateJson(*cert, ctx));
}

}  // namespace edgecert::emulator
