// Zone hostname associations: which hostnames validate client certificates against which CA.
#include <algorithm>

#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/host_names.h"
#include "api/emulator/json_fields.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

value HostnamesJson(const std::vector<std::string>& hostnames) {
  value v = value::object();
  v["hostnames"] = StringArray(hostnames);
  return v;
}

// "" (the managed CA) or the id of a CA certificate of the zone's account; otherwise the error.
std::optional<ApiResponse> CheckCertificate(const HandlerContext& ctx, const std::string& id) {
  if (id.empty()) return std::nullopt;
  auto it = ctx.state.mtls_certificates.find(id);
  if (it == ctx.state.mtls_certificates.end() || it->second.account_id != ctx.zone->account_id) {
    return ErrorResponse(ErrorCode::kMtlsNotFound);
  }
  if (!it->second.ca) return ErrorResponse(ErrorCode::kAssociationInvalid, "mtls_certificate_id must name a CA certificate");
  return std::nullopt;
}

}  // namespace

ApiResponse GetHostnameAssociations(HandlerContext& ctx) {
  const std::string id = ctx.Query("mtls_certificate_id");
  if (auto error = CheckCertificate(ctx, id)) return *error;
  const auto& zone = ctx.state.hostname_associations[ctx.zone->id];
  auto it = zone.find(id);
  return SuccessEnvelope(HostnamesJson(it == zone.end() ? std::vector<std::string>{} : it->second));
}

ApiResponse PutHostnameAssociations(HandlerContext& ctx) {
  auto hostnames = StringListField(ctx.Body(), "hostnames");
  auto id_field = StringField(ctx.Body(), "mtls_certificate_id");
  if (!hostnames.value) return ErrorResponse(ErrorCode::kAssociationInvalid, "hostnames must be a list of host names");
  if (id_field.wrong_type()) return ErrorResponse(ErrorCode::kAssociationInvalid, "mtls_certificate_id must be a string");
  const std::string id = id_field.value.value_or("");
  if (auto error = CheckCertificate(ctx, id)) return *error;
  std::vector<std::string> names;
  for (const auto& raw : *hostnames.value) {
    const std::string host = LowerCase(raw);
    if (!HostInZone(host, ctx.zone->name)) {
      return ErrorResponse(ErrorCode::kAssociationInvalid, "Hostname " + host + " does not belong to zone " + ctx.zone->name);
    }
    if (std::find(names.begin(), names.end(), host) == names.end()) names.push_back(host);
  }
  std::sort(names.begin(), names.end());
  auto& zone = ctx.state.hostname_associations[ctx.zone->id];
  // A hostname validates against one CA: moving it here takes it away from any other set.
  for (auto& [other_id, other] : zone) {
    if (other_id == id) continue;
    other.erase(std::remove_if(other.begin(), other.end(),
                               [&](const std::string& h) { return std::find(names.begin(), names.end(), h) != names.end(); }),
                other.end());
  }
  zone[id] = names;
  value record = HostnamesJson(names);
  record["mtls_certificate_id"] = value::string(id);
  ctx.Record("hostname_association", "update", id.empty() ? "managed" : id, ctx.zone->id, record);
  return SuccessEnvelope(HostnamesJson(names));
}

}  // namespace edgecert::emulator
