// Custom hostnames (SSL for SaaS): DV certificates with a validation lifecycle, or a custom
// certificate checked against its key or the referenced custom CSR's key.
#include <algorithm>

#include "api/emulator/certificate_fields.h"
#include "api/emulator/certificate_packs.h"
#include "api/emulator/custom_certificate_check.h"
#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/handlers.h"
#include "api/emulator/host_names.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/lifecycle.h"
#include "api/emulator/resource_views.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

const CertificateCheckCodes kCodes{ErrorCode::kHostnameCertificateInvalid, ErrorCode::kHostnameCertificateInvalid,
                                   ErrorCode::kHostnameKeyMismatch};

CustomHostname* FindHostname(HandlerContext& ctx, const std::string& id) {
  auto it = ctx.state.custom_hostnames.find(id);
  if (it == ctx.state.custom_hostnames.end() || it->second.zone_id != ctx.zone->id) return nullptr;
  return &it->second;
}

bool ValidHostname(const std::string& host) {
  if (host.empty() || host.size() > 255 || host.front() == '.' || host.back() == '.') return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '*';
  });
}

bool OneOf(const std::string& v, std::initializer_list<const char*> options) {
  return std::any_of(options.begin(), options.end(), [&](const char* o) { return v == o; });
}

// Validates the ssl object and applies it to `host` (which may be a copy being patched).
std::optional<ApiResponse> ApplySsl(HandlerContext& ctx, const value& ssl, CustomHostname& host) {
  auto method = StringField(ssl, "method");
  auto type = StringField(ssl, "type");
  auto bundle = StringField(ssl, "bundle_method");
  auto authority = StringField(ssl, "certificate_authority");
  auto wildcard = BoolField(ssl, "wildcard");
  if (method.wrong_type() || (method.value && !OneOf(*method.value, {"http", "txt", "email"}))) {
    return ErrorResponse(ErrorCode::kHostnameSslInvalid, "ssl.method must be one of http, txt, email");
  }
  if (type.wrong_type() || (type.value && *type.value != "dv")) {
    return ErrorResponse(ErrorCode::kHostnameSslInvalid, "ssl.type must be dv");
  }
  if (bundle.wrong_type() || (bundle.value && !OneOf(*bundle.value, {"ubiquitous", "optimal", "force"}))) {
    return ErrorResponse(ErrorCode::kHostnameSslInvalid, "ssl.bundle_method must be one of ubiquitous, optimal, force");
  }
  if (authority.wrong_type() ||
      (authority.value && !OneOf(*authority.value, {"digicert", "google", "lets_encrypt", "ssl_com"}))) {
    return ErrorResponse(ErrorCode::kHostnameSslInvalid,
                         "ssl.certificate_authority must be one of digicert, google, lets_encrypt, ssl_com");
  }
  if (wildcard.wrong_type()) return ErrorResponse(ErrorCode::kHostnameSslInvalid, "ssl.wildcard must be a boolean");
  auto certificate = StringField(ssl, "custom_certificate");
  auto key = StringField(ssl, "custom_key");
  auto csr_id = StringField(ssl, "custom_csr_id");
  if (certificate.wrong_type() || key.wrong_type() || csr_id.wrong_type()) {
    return ErrorResponse(ErrorCode::kHostnameSslInvalid,
                         "custom_certificate, custom_key and custom_csr_id are strings");
  }
  host.custom_certificate.clear();
  host.custom_key = Secret();
  host.custom_csr_id.clear();
  if (certificate.value && !certificate.value->empty()) {
    auto checked = CheckCustomCertificate(*certificate.value, kCodes);
    if (auto* error = std::get_if<ApiResponse>(&checked)) return *error;
    const auto& info = std::get<crypto::CertificateInfo>(checked);
    if (csr_id.value && !csr_id.value->empty()) {
      auto it = ctx.state.custom_csrs.find(*csr_id.value);
      if (it == ctx.state.custom_csrs.end() || it->second.zone_id != ctx.zone->id) {
        return ErrorResponse(ErrorCode::kHostnameCsrNotFound);
      }
      if (auto error =
              CheckKey(*certificate.value, info, nullptr, &it->second.public_key_sha256, kCodes.key_mismatch)) {
        return error;
      }
      host.custom_csr_id = *csr_id.value;
    } else {
      if (auto error =
              CheckKey(*certificate.value, info, key.value ? &*key.value : nullptr, nullptr, kCodes.key_mismatch)) {
        return error;
      }
      host.custom_key = Secret(*key.value);
    }
    host.custom_certificate = *certificate.value;
    host.certificate_issuer = info.issuer;
    host.certificate_serial = info.serial_number;
    host.certificate_signature = CloudflareSignatureName(info.signature_algorithm);
    host.certificate_expires_on = ToEmulatorTime(info.not_after);
  } else if ((key.value && !key.value->empty()) || (csr_id.value && !csr_id.value->empty())) {
    return ErrorResponse(ErrorCode::kHostnameSslInvalid, "custom_key and custom_csr_id need a custom_certificate");
  }
  value request = ssl;
  if (request.has_field("custom_key")) request.erase("custom_key");  // never read back a key
  host.ssl_request = request;
  host.method = method.value.value_or("http");
  host.ssl_id = ctx.state.NewUuid();
  host.validation_token = ctx.state.NewToken(32);
  host.ssl_started_at = ctx.now;
  host.times_out = host.custom_certificate.empty() && ctx.faults.ValidationTimesOut({host.hostname}, 1);
  return std::nullopt;
}

std::optional<ApiResponse> ApplyOrigin(const value& body, CustomHostname& host) {
  auto origin = StringField(body, "custom_origin_server");
  auto sni = StringField(body, "custom_origin_sni");
  if (origin.wrong_type() || sni.wrong_type()) {
    return ErrorResponse(ErrorCode::kHostnameInvalid, "custom_origin_server and custom_origin_sni must be strings");
  }
  if (origin.value) host.custom_origin_server = *origin.value;
  if (sni.value) host.custom_origin_sni = *sni.value;
  if (auto metadata = ObjectField(body, "custom_metadata")) host.custom_metadata = *metadata;
  return std::nullopt;
}

}  // namespace

value CustomHostnameJson(const CustomHostname& host, const HandlerContext& ctx) {
  const SslPhase phase = HostnameSslPhase(host, ctx.now, ctx.config.lifecycle);
  value ssl = host.ssl_request.is_object() ? host.ssl_request : value::object();
  ssl["id"] = value::string(host.ssl_id);
  ssl["type"] = value::string("dv");
  ssl["method"] = value::string(host.method);
  ssl["status"] = value::string(phase.status);
  if (!ssl.has_field("bundle_method")) ssl["bundle_method"] = value::string("ubiquitous");
  if (!ssl.has_field("wildcard")) ssl["wildcard"] = value::boolean(false);
  if (!ssl.has_field("settings")) ssl["settings"] = value::object();
  if (!host.custom_csr_id.empty()) ssl["custom_csr_id"] = value::string(host.custom_csr_id);
  if (!host.custom_certificate.empty()) {
    ssl["custom_certificate"] = value::string(host.custom_certificate);
    ssl["issuer"] = value::string(host.certificate_issuer);
    ssl["serial_number"] = value::string(host.certificate_serial);
    ssl["signature"] = value::string(host.certificate_signature);
    ssl["expires_on"] = value::string(FormatTime(*host.certificate_expires_on));
    ssl["uploaded_on"] = value::string(FormatTime(host.ssl_started_at));
  }
  ssl["hosts"] = StringArray({host.hostname});
  if (phase.records_visible && host.custom_certificate.empty()) {
    ssl["validation_records"] =
        value::array({ValidationRecord(host.hostname, host.hostname, host.method, host.validation_token)});
  }
  if (phase.status == "validation_timed_out") {
    value e = value::object();
    e["message"] = value::string("Validation of " + host.hostname + " timed out");
    ssl["validation_errors"] = value::array({e});
  }
  value v = value::object();
  v["id"] = value::string(host.id);
  v["hostname"] = value::string(host.hostname);
  v["ssl"] = ssl;
  v["status"] = value::string(phase.status == "active" ? "active" : "pending");
  v["created_at"] = value::string(FormatTime(host.created_at));
  v["custom_metadata"] = host.custom_metadata.is_null() ? value::object() : host.custom_metadata;
  if (!host.custom_origin_server.empty()) v["custom_origin_server"] = value::string(host.custom_origin_server);
  if (!host.custom_origin_sni.empty()) v["custom_origin_sni"] = value::string(host.custom_origin_sni);
  value txt = value::object();
  txt["type"] = value::string("txt");
  txt["name"] = value::string("_cf-custom-hostname." + host.hostname);
  txt["value"] = value::string(host.ownership_token);
  v["ownership_verification"] = txt;
  value http = value::object();
  http["http_url"] = value::string("http://" + host.hostname + "/.well-known/cf-custom-hostname-challenge/" + host.id);
  http["http_body"] = value::string(host.ownership_token);
  v["ownership_verification_http"] = http;
  v["verification_errors"] = value::array();
  return v;
}

ApiResponse ListCustomHostnames(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  const std::string name = LowerCase(ctx.Query("hostname"));
  const std::string id = ctx.Query("id");
  std::vector<const CustomHostname*> hosts;
  for (const auto& [host_id, host] : ctx.state.custom_hostnames) {
    if (host.zone_id != ctx.zone->id) continue;
    if (!name.empty() && host.hostname.find(name) == std::string::npos) continue;
    if (!id.empty() && host.id != id) continue;
    hosts.push_back(&host);
  }
  std::sort(hosts.begin(), hosts.end(), [](const CustomHostname* a, const CustomHostname* b) {
    return a->created_at != b->created_at ? a->created_at < b->created_at : a->id < b->id;
  });
  if (ctx.Query("direction") == "desc") std::reverse(hosts.begin(), hosts.end());
  std::vector<value> items;
  for (const auto* host : hosts) items.push_back(CustomHostnameJson(*host, ctx));
  return PagedEnvelope(items, *page);
}

ApiResponse CreateCustomHostname(HandlerContext& ctx) {
  auto hostname = StringField(ctx.Body(), "hostname");
  if (!hostname.value || !ValidHostname(LowerCase(*hostname.value))) return ErrorResponse(ErrorCode::kHostnameInvalid);
  const std::string name = LowerCase(*hostname.value);
  for (const auto& [id, host] : ctx.state.custom_hostnames) {
    if (host.zone_id == ctx.zone->id && host.hostname == name) return ErrorResponse(ErrorCode::kHostnameDuplicate);
  }
  auto ssl = ObjectField(ctx.Body(), "ssl");
  if (!ssl) return ErrorResponse(ErrorCode::kHostnameSslInvalid, "ssl is required and must be an object");
  CustomHostname host;
  host.hostname = name;
  host.zone_id = ctx.zone->id;
  if (auto error = ApplyOrigin(ctx.Body(), host)) return *error;
  if (auto error = ApplySsl(ctx, *ssl, host)) return *error;
  host.id = ctx.state.NewUuid();
  host.ownership_token = ctx.state.NewToken(32);
  host.created_at = ctx.now;
  auto [it, inserted] = ctx.state.custom_hostnames.emplace(host.id, std::move(host));
  ctx.Record("custom_hostname", "create", it->first, ctx.zone->id, CustomHostnameJson(it->second, ctx));
  return SuccessEnvelope(CustomHostnameJson(it->second, ctx));
}

ApiResponse GetCustomHostname(HandlerContext& ctx) {
  const CustomHostname* host = FindHostname(ctx, ctx.Param("id"));
  if (host == nullptr) return ErrorResponse(ErrorCode::kHostnameNotFound);
  return SuccessEnvelope(CustomHostnameJson(*host, ctx));
}

ApiResponse PatchCustomHostname(HandlerContext& ctx) {
  CustomHostname* found = FindHostname(ctx, ctx.Param("id"));
  if (found == nullptr) return ErrorResponse(ErrorCode::kHostnameNotFound);
  CustomHostname updated = *found;  // all or nothing
  if (auto error = ApplyOrigin(ctx.Body(), updated)) return *error;
  if (auto ssl = ObjectField(ctx.Body(), "ssl")) {
    if (auto error = ApplySsl(ctx, *ssl, updated)) return *error;
  } else if (ctx.Body().has_field("ssl")) {
    return ErrorResponse(ErrorCode::kHostnameSslInvalid, "ssl must be an object");
  }
  *found = std::move(updated);
  ctx.Record("custom_hostname", "update", found->id, ctx.zone->id, CustomHostnameJson(*found, ctx));
  return SuccessEnvelope(CustomHostnameJson(*found, ctx));
}

ApiResponse DeleteCustomHostname(HandlerContext& ctx) {
  CustomHostname* host = FindHostname(ctx, ctx.Param("id"));
  if (host == nullptr) return ErrorResponse(ErrorCode::kHostnameNotFound);
  const std::string id = host->id;
  ctx.Record("custom_hostname", "delete", id, ctx.zone->id, CustomHostnameJson(*host, ctx));
  ctx.state.custom_hostnames.erase(id);
  // The contract answers this one with the bare object, not the envelope.
  ApiResponse response;
  response.body = value::object();
  response.body["id"] = value::string(id);
  return response;
}

}  // namespace edgecert::emulator
