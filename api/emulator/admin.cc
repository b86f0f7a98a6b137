// The admin calls under /__emulator/, off the Cloudflare paths: reset, state dump, clock, faults and
// the history of object changes.
#include <algorithm>
#include <charconv>

#include "api/emulator/certificate_packs.h"
#include "api/emulator/emulator.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/resource_views.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

value ClockJson(EmulatorClock& clock) {
  value v = value::object();
  v["now"] = value::string(FormatTime(clock.Now()));
  v["now_unix_ms"] = value::number(static_cast<int64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count()));
  v["time_scale"] = value::number(clock.time_scale());
  return v;
}

std::optional<value> ParseAdminBody(const ApiRequest& request) {
  if (request.raw_body.find_first_not_of(" \t\r\n") == std::string::npos) return value::object();
  try {
    value parsed = value::parse(request.raw_body);
    if (parsed.is_object()) return parsed;
  } catch (const web::json::json_exception&) {
  }
  return std::nullopt;
}

}  // namespace

value Emulator::DumpState() {
  std::lock_guard<std::mutex> lock(mu_);
  return DumpStateLocked(clock_.Now());
}

value Emulator::DumpStateLocked(TimePoint now) {
  ApiRequest none;
  value zones = value::object();
  for (const auto& zone : config_.zones) {
    HandlerContext ctx{state_, config_, faults_, now, none, &zone, nullptr};
    std::vector<value> packs, clients, csrs, hostnames, certificates, dns_records;
    for (const auto& [id, pack] : state_.packs) {
      if (pack.zone_id == zone.id) packs.push_back(PackHistoryJson(pack, ctx));
    }
    for (const auto& [id, cert] : state_.client_certificates) {
      if (cert.zone_id == zone.id) clients.push_back(ClientCertificateJson(cert, ctx));
    }
    for (const auto& [id, csr] : state_.custom_csrs) {
      if (csr.zone_id == zone.id) csrs.push_back(CustomCsrJson(csr));
    }
    for (const auto& [id, host] : state_.custom_hostnames) {
      if (host.zone_id == zone.id) hostnames.push_back(CustomHostnameJson(host, ctx));
    }
    for (const auto& [id, cert] : state_.custom_certificates) {
      if (cert.zone_id == zone.id) certificates.push_back(CustomCertificateJson(cert, ctx));
    }
    for (const auto& [id, record] : state_.dns_records) {
      if (record.zone_id == zone.id) dns_records.push_back(DnsRecordJson(record, zone.name));
    }
    value associations = value::object();
    if (auto it = state_.hostname_associations.find(zone.id); it != state_.hostname_associations.end()) {
      for (const auto& [cert_id, names] : it->second) associations[cert_id.empty() ? "managed" : cert_id] = StringArray(names);
    }
    const ZoneSettings settings = state_.zone_settings.count(zone.id) ? state_.zone_settings.at(zone.id) : ZoneSettings{};
    value z = value::object();
    z["name"] = value::string(zone.name);
    z["certificate_packs"] = value::array(packs);
    z["client_certificates"] = value::array(clients);
    z["custom_csrs"] = value::array(csrs);
    z["custom_hostnames"] = value::array(hostnames);
    z["custom_certificates"] = value::array(certificates);
    z["dns_records"] = value::array(dns_records);
    z["hostname_associations"] = associations;
    z["universal_ssl_enabled"] = value::boolean(settings.universal_ssl_enabled);
    z["ssl_automatic_mode"] = value::string(settings.automatic_mode);
    zones[zone.id] = z;
  }
  value accounts = value::object();
  for (const auto& account : config_.accounts) {
    std::vector<value> certs;
    for (const auto& [id, cert] : state_.mtls_certificates) {
      if (cert.account_id == account.id) certs.push_back(MtlsCertificateJson(cert));
    }
    value a = value::object();
    a["name"] = value::string(account.name);
    a["mtls_certificates"] = value::array(certs);
    accounts[account.id] = a;
  }
  value out = value::object();
  out["now"] = value::string(FormatTime(now));
  out["zones"] = zones;
  out["accounts"] = accounts;
  return out;
}

ApiResponse Emulator::HandleAdmin(const ApiRequest& request) {
  const std::string path = request.path.substr(sizeof(kAdminPrefix) - 1);
  const std::string& method = request.method;
  auto body = ParseAdminBody(request);
  auto known = [&](const char* want_method) {
    return method == want_method ? std::optional<ApiResponse>() : ErrorResponse(ErrorCode::kMethodNotAllowed);
  };
  if (path == "/reset") {
    if (auto e = known("POST")) return *e;
    {
      std::lock_guard<std::mutex> lock(mu_);
      state_ = EmulatorState(seed_);
      revoked_.clear();
    }
    FaultConfig cleared;
    cleared.rate_limit = config_.rate_limit;
    faults_.Set(cleared);
    rate_limiter_.Reset();
    return SuccessEnvelope(ClockJson(clock_));
  }
  if (path == "/state") {
    if (auto e = known("GET")) return *e;
    return SuccessEnvelope(DumpState());
  }
  if (path == "/clock") {
    if (auto e = known("GET")) return *e;
    return SuccessEnvelope(ClockJson(clock_));
  }
  if (path == "/clock/advance") {
    if (auto e = known("POST")) return *e;
    if (!body) return ErrorResponse(ErrorCode::kMalformedJson);
    auto seconds = IntegerField(*body, "seconds");
    if (!seconds.value || *seconds.value < 0) {
      return FailureEnvelope(400, 1001, "seconds must be a non-negative integer");
    }
    clock_.Advance(std::chrono::seconds(*seconds.value));
    return SuccessEnvelope(ClockJson(clock_));
  }
  if (path == "/faults") {
    if (method == "GET") return SuccessEnvelope(FaultConfigToJson(faults_.Get()));
    if (auto e = known("PUT")) return *e;
    if (!body) return ErrorResponse(ErrorCode::kMalformedJson);
    auto parsed = FaultConfigFromJson(*body);
    if (!parsed.ok()) return FailureEnvelope(400, 1001, parsed.status().message());
    faults_.Set(*parsed);
    rate_limiter_.Reset();
    return SuccessEnvelope(FaultConfigToJson(*parsed));
  }
  if (path == "/credentials/revoke") {
    if (auto e = known("POST")) return *e;
    if (!body) return ErrorResponse(ErrorCode::kMalformedJson);
    const auto name = StringField(*body, "name");
    const bool exists = name.value && std::any_of(config_.credentials.begin(), config_.credentials.end(),
                                                  [&](const CredentialConfig& c) { return c.name == *name.value; });
    if (!exists) return FailureEnvelope(400, 1001, "name must name a credential of the config");
    std::lock_guard<std::mutex> lock(mu_);
    revoked_.insert(*name.value);
    std::vector<value> names;
    for (const auto& n : revoked_) names.push_back(value::string(n));
    value out = value::object();
    out["revoked"] = value::array(names);
    return SuccessEnvelope(out);
  }
  if (path == "/history") {
    if (auto e = known("GET")) return *e;
    std::uint64_t since = 0;
    if (auto it = request.query.find("since"); it != request.query.end()) {
      std::from_chars(it->second.data(), it->second.data() + it->second.size(), since);
    }
    auto filter = [&](const char* name) {
      auto it = request.query.find(name);
      return it == request.query.end() ? std::string() : it->second;
    };
    std::vector<value> entries;
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& e : state_.history) {
      if (e.seq <= since) continue;
      if (!filter("kind").empty() && filter("kind") != e.kind) continue;
      if (!filter("scope_id").empty() && filter("scope_id") != e.scope_id) continue;
      value v = value::object();
      v["seq"] = value::number(static_cast<uint64_t>(e.seq));
      v["at"] = value::string(FormatTime(e.at));
      v["at_unix_ms"] = value::number(static_cast<int64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(e.at.time_since_epoch()).count()));
      v["credential"] = value::string(e.credential);
      v["user_agent"] = value::string(e.user_agent);
      v["kind"] = value::string(e.kind);
      v["action"] = value::string(e.action);
      v["id"] = value::string(e.id);
      v["scope_id"] = value::string(e.scope_id);
      v["object"] = e.object;
      entries.push_back(v);
    }
    return SuccessEnvelope(value::array(entries));
  }
  return ErrorResponse(ErrorCode::kNoRoute);
}

}  // namespace edgecert::emulator
