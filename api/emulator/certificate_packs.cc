#include "api/emulator/certificate_packs.h"

#include <algorithm>
#include <array>

#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/host_names.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/lifecycle.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

std::string IssuerFor(const std::string& ca) {
  if (ca == "google") return "GoogleTrustServices";
  if (ca == "ssl_com") return "SSLCorp";
  return "LetsEncrypt";
}

value CertificateJson(const CertificatePack& pack, std::size_t index, const SslPhase& phase,
                      const HandlerContext& ctx) {
  static const std::array<const char*, 2> kSignatures = {"ECDSAWithSHA256", "SHA256WithRSA"};
  value cert = value::object();
  cert["id"] = value::string(pack.certificate_ids[index]);
  cert["hosts"] = StringArray(pack.hosts);
  cert["status"] = value::string(phase.status);
  cert["issuer"] = value::string(IssuerFor(pack.certificate_authority));
  cert["signature"] = value::string(kSignatures[index % 2]);
  cert["bundle_method"] = value::string("ubiquitous");
  cert["zone_id"] = value::string(pack.zone_id);
  cert["priority"] = value::number(0);
  const TimePoint issued = phase.active_at ? *phase.active_at - ctx.config.lifecycle.deployment : ctx.now;
  cert["uploaded_on"] = value::string(FormatTime(issued));
  cert["modified_on"] = value::string(FormatTime(issued));
  cert["expires_on"] = value::string(FormatTime(issued + std::chrono::hours(24) * pack.validity_days));
  return cert;
}

}  // namespace

value ValidationRecord(const std::string& host, const std::string& zone_name, const std::string& method,
                       const std::string& token) {
  const std::string base = BaseHost(host);
  value record = value::object();
  if (method == "txt") {
    record["txt_name"] = value::string("_acme-challenge." + base);
    record["txt_value"] = value::string(token);
  } else if (method == "http") {
    record["http_url"] = value::string("http://" + base + "/.well-known/acme-challenge/" + token.substr(0, 16));
    record["http_body"] = value::string(token);
  } else {
    std::vector<std::string> emails;
    for (const char* box : {"administrator", "admin", "hostmaster", "postmaster", "webmaster"}) {
      emails.push_back(std::string(box) + "@" + zone_name);
    }
    record["emails"] = StringArray(emails);
  }
  record["status"] = value::string("pending");
  return record;
}

CertificatePack* FindPack(HandlerContext& ctx, const std::string& id) {
  auto it = ctx.state.packs.find(id);
  if (it == ctx.state.packs.end() || it->second.zone_id != ctx.zone->id) return nullptr;
  return &it->second;
}

value PackToJson(const CertificatePack& pack, const HandlerContext& ctx) {
  const SslPhase phase = PackPhase(pack, ctx.now, ctx.config.lifecycle);
  value v = value::object();
  v["id"] = value::string(pack.id);
  v["type"] = value::string("advanced");
  v["hosts"] = StringArray(pack.hosts);
  v["status"] = value::string(phase.status);
  v["validation_method"] = value::string(pack.validation_method);
  v["validity_days"] = value::number(pack.validity_days);
  v["certificate_authority"] = value::string(pack.certificate_authority);
  // The API reads cloudflare_branding=false back as absent.
  if (pack.cloudflare_branding.value_or(false)) v["cloudflare_branding"] = value::boolean(true);
  std::vector<value> certificates, records, delegation, errors;
  if (phase.issued) {
    for (std::size_t i = 0; i < pack.certificate_ids.size(); ++i) {
      certificates.push_back(CertificateJson(pack, i, phase, ctx));
    }
    v["primary_certificate"] = value::string(pack.certificate_ids.front());
  }
  for (std::size_t i = 0; i < pack.hosts.size(); ++i) {
    const std::string base = BaseHost(pack.hosts[i]);
    if (phase.records_visible) {
      records.push_back(ValidationRecord(pack.hosts[i], ctx.zone->name, pack.validation_method,
                                         pack.validation_tokens[i]));
    }
    value d = value::object();
    d["cname"] = value::string("_acme-challenge." + base);
    d["cname_target"] = value::string(base + "." + pack.zone_id.substr(0, 16) + ".dcv.cloudflare.com");
    delegation.push_back(d);
  }
  if (phase.status == "validation_timed_out") {
    value e = value::object();
    e["message"] = value::string("Validation of " + pack.hosts.front() + " timed out: the DCV record was not found");
    errors.push_back(e);
  }
  v["certificates"] = value::array(certificates);
  if (phase.records_visible) v["validation_records"] = value::array(records);
  v["dcv_delegation_records"] = value::array(delegation);
  if (!errors.empty()) v["validation_errors"] = value::array(errors);
  return v;
}

value PackHistoryJson(const CertificatePack& pack, const HandlerContext& ctx) {
  value v = PackToJson(pack, ctx);
  const SslPhase phase = PackPhase(pack, ctx.now, ctx.config.lifecycle);
  v["active_at"] = phase.active_at ? value::string(FormatTime(*phase.active_at)) : value::null();
  return v;
}

ApiResponse ListCertificatePacks(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  // Like the API: only active packs unless status=all (or a specific status) is asked for.
  std::string wanted = ctx.Query("status");
  if (wanted.empty()) wanted = "active";
  std::vector<const CertificatePack*> packs;
  // The answer stays the same until the state changes or the first pack of the zone takes its next
  // lifecycle step (which can also move it in or out of a status filter).
  TimePoint reusable_until = TimePoint::max();
  for (const auto& [id, pack] : ctx.state.packs) {
    if (pack.zone_id != ctx.zone->id) continue;
    if (auto next = NextPackPhaseChange(pack, ctx.now, ctx.config.lifecycle)) {
      reusable_until = std::min(reusable_until, *next);
    }
    if (wanted != "all" && PackPhase(pack, ctx.now, ctx.config.lifecycle).status != wanted) continue;
    packs.push_back(&pack);
  }
  std::sort(packs.begin(), packs.end(), [](const CertificatePack* a, const CertificatePack* b) {
    return a->created_at != b->created_at ? a->created_at < b->created_at : a->id < b->id;
  });
  auto [first, last] = PageBounds(packs.size(), *page);
  std::vector<value> slice;
  for (std::size_t i = first; i < last; ++i) slice.push_back(PackToJson(*packs[i], ctx));
  ApiResponse response = PagedEnvelope(std::move(slice), packs.size(), *page);
  response.reusable_until = reusable_until;
  return response;
}

ApiResponse GetCertificatePack(HandlerContext& ctx) {
  const CertificatePack* pack = FindPack(ctx, ctx.Param("id"));
  if (pack == nullptr) return ErrorResponse(ErrorCode::kPackNotFound);
  return SuccessEnvelope(PackToJson(*pack, ctx));
}

ApiResponse OrderCertificatePack(HandlerContext& ctx) {
  const value& body = ctx.Body();
  auto type = StringField(body, "type");
  if (!type.value || *type.value != "advanced") return ErrorResponse(ErrorCode::kPackTypeInvalid);
  auto hosts_field = StringListField(body, "hosts");
  if (!hosts_field.value || hosts_field.value->empty()) return ErrorResponse(ErrorCode::kPackHostsInvalid);
  std::vector<std::string> hosts;
  for (const auto& raw : *hosts_field.value) {
    const std::string host = LowerCase(raw);
    if (host.empty() || host.size() > 253 || host.find(' ') != std::string::npos) {
      return ErrorResponse(ErrorCode::kPackHostsInvalid, "Invalid host name: " + raw);
    }
    if (std::find(hosts.begin(), hosts.end(), host) == hosts.end()) hosts.push_back(host);
  }
  if (hosts.size() > 50) return ErrorResponse(ErrorCode::kPackTooManyHosts);
  for (const auto& host : hosts) {
    if (!HostInZone(host, ctx.zone->name)) {
      return ErrorResponse(ErrorCode::kPackHostOutsideZone, "Host " + host + " does not belong to zone " + ctx.zone->name);
    }
  }
  if (std::find(hosts.begin(), hosts.end(), ctx.zone->name) == hosts.end()) {
    return ErrorResponse(ErrorCode::kPackApexMissing, "hosts must contain the zone apex " + ctx.zone->name);
  }
  auto method = StringField(body, "validation_method");
  if (!method.value || (*method.value != "txt" && *method.value != "http" && *method.value != "email")) {
    return ErrorResponse(ErrorCode::kPackValidationMethodInvalid);
  }
  if (*method.value == "http") {
    for (const auto& host : hosts) {
      if (host.rfind("*.", 0) == 0) {
        return ErrorResponse(ErrorCode::kPackValidationMethodInvalid,
                             "http validation is not available for wildcard host " + host);
      }
    }
  }
  auto validity = IntegerField(body, "validity_days");
  if (!validity.value || (*validity.value != 14 && *validity.value != 30 && *validity.value != 90 &&
                          *validity.value != 365)) {
    return ErrorResponse(ErrorCode::kPackValidityInvalid);
  }
  auto ca = StringField(body, "certificate_authority");
  if (!ca.value || (*ca.value != "google" && *ca.value != "lets_encrypt" && *ca.value != "ssl_com")) {
    return ErrorResponse(ErrorCode::kPackCertificateAuthorityInvalid);
  }
  auto branding = BoolField(body, "cloudflare_branding");
  if (branding.wrong_type()) return ErrorResponse(ErrorCode::kPackFieldInvalid, "cloudflare_branding must be a boolean");
  int used = 0;
  for (const auto& [id, pack] : ctx.state.packs) used += pack.zone_id == ctx.zone->id ? 1 : 0;
  if (used >= ctx.zone->advanced_pack_quota) return ErrorResponse(ErrorCode::kPackQuotaExceeded);

  // Read back like the API: the apex first, the other hosts sorted.
  std::sort(hosts.begin(), hosts.end(), [&](const std::string& a, const std::string& b) {
    const bool a_apex = a == ctx.zone->name, b_apex = b == ctx.zone->name;
    return a_apex != b_apex ? a_apex : a < b;
  });
  CertificatePack pack;
  pack.id = ctx.state.NewId();
  pack.zone_id = ctx.zone->id;
  pack.hosts = hosts;
  pack.validation_method = *method.value;
  pack.certificate_authority = *ca.value;
  pack.validity_days = static_cast<int>(*validity.value);
  pack.cloudflare_branding = branding.value;
  for (std::size_t i = 0; i < hosts.size(); ++i) pack.validation_tokens.push_back(ctx.state.NewToken(32));
  pack.certificate_ids = {ctx.state.NewId(), ctx.state.NewId()};
  pack.created_at = pack.modified_on = pack.validation_started_at = ctx.now;
  pack.times_out = ctx.faults.ValidationTimesOut(hosts, 1);
  auto [it, inserted] = ctx.state.packs.emplace(pack.id, pack);
  ctx.Record("certificate_pack", "create", pack.id, pack.zone_id, PackHistoryJson(it->second, ctx));
  return SuccessEnvelope(PackToJson(it->second, ctx));
}

ApiResponse PatchCertificatePack(HandlerContext& ctx) {
  CertificatePack* pack = FindPack(ctx, ctx.Param("id"));
  if (pack == nullptr) return ErrorResponse(ErrorCode::kPackNotFound);
  auto branding = BoolField(ctx.Body(), "cloudflare_branding");
  if (branding.wrong_type()) return ErrorResponse(ErrorCode::kPackFieldInvalid, "cloudflare_branding must be a boolean");
  if (branding.value) {
    pack->cloudflare_branding = *branding.value;
  } else {
    if (PackPhase(*pack, ctx.now, ctx.config.lifecycle).status != "validation_timed_out") {
      return ErrorResponse(ErrorCode::kPackRestartNotAllowed);
    }
    pack->validation_attempt += 1;
    pack->validation_started_at = ctx.now;
    pack->times_out = ctx.faults.ValidationTimesOut(pack->hosts, pack->validation_attempt);
    for (auto& token : pack->validation_tokens) token = ctx.state.NewToken(32);
  }
  pack->modified_on = ctx.now;
  ctx.Record("certificate_pack", "update", pack->id, pack->zone_id, PackHistoryJson(*pack, ctx));
  return SuccessEnvelope(PackToJson(*pack, ctx));
}

ApiResponse DeleteCertificatePack(HandlerContext& ctx) {
  CertificatePack* pack = FindPack(ctx, ctx.Param("id"));
  if (pack == nullptr) return ErrorResponse(ErrorCode::kPackNotFound);
  const std::string id = pack->id;
  ctx.Record("certificate_pack", "delete", id, pack->zone_id, PackHistoryJson(*pack, ctx));
  ctx.state.packs.erase(id);
  value result = value::object();
  result["id"] = value::string(id);
  return SuccessEnvelope(result);
}

ApiResponse GetCertificatePackQuota(HandlerContext& ctx) {
  int used = 0;
  for (const auto& [id, pack] : ctx.state.packs) used += pack.zone_id == ctx.zone->id ? 1 : 0;
  value advanced = value::object();
  advanced["allocated"] = value::number(ctx.zone->advanced_pack_quota);
  advanced["used"] = value::number(used);
  value result = value::object();
  result["advanced"] = advanced;
  return SuccessEnvelope(result);
}

}  // namespace edgecert::emulator
