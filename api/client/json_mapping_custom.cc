#include "api/client/json_fields.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {
namespace {

Result<CustomHostnameSsl> ParseCustomHostnameSsl(const web::json::value& v) {
  JsonFields f(v, "custom hostname ssl");
  CustomHostnameSsl s;
  s.id = f.OptString("id");
  s.status = f.OptString("status");
  s.method = f.OptString("method");
  s.type = f.OptString("type");
  s.certificate_authority = f.OptString("certificate_authority");
  s.bundle_method = f.OptString("bundle_method");
  s.custom_csr_id = f.OptString("custom_csr_id");
  s.wildcard = f.OptBool("wildcard");
  s.issuer = f.OptString("issuer");
  s.serial_number = f.OptString("serial_number");
  s.signature = f.OptString("signature");
  s.uploaded_on = f.OptString("uploaded_on");
  s.expires_on = f.OptString("expires_on");
  s.hosts = f.StringList("hosts", false);
  s.validation_records = ObjectList<ValidationRecord>(f, "validation_records", ParseValidationRecord);
  s.validation_errors = f.MessageList("validation_errors");
  if (!f.ok()) return f.status();
  return s;
}

web::json::value StringMap(const std::map<std::string, std::string>& m) {
  auto j = web::json::value::object();
  for (const auto& [k, v] : m) j[k] = web::json::value::string(v);
  return j;
}

}  // namespace

Result<CustomCsr> ParseCustomCsr(const web::json::value& v) {
  JsonFields f(v, "custom CSR");
  CustomCsr c;
  c.id = f.String("id");
  c.common_name = f.String("common_name");
  c.sans = f.StringList("sans", true);
  c.csr = f.String("csr");
  c.country = f.OptString("country");
  c.state = f.OptString("state");
  c.locality = f.OptString("locality");
  c.organization = f.OptString("organization");
  c.organizational_unit = f.OptString("organizational_unit");
  c.key_type = f.OptString("key_type");
  if (!f.ok()) return f.status();
  return c;
}

Result<CustomHostname> ParseCustomHostname(const web::json::value& v) {
  JsonFields f(v, "custom hostname");
  CustomHostname h;
  h.id = f.String("id");
  h.hostname = f.String("hostname");
  if (f.ok() && !v.has_field("ssl")) f.Fail(Internal("custom hostname: required field \"ssl\" is missing"));
  if (const auto* ssl = f.Object("ssl", false)) {
    auto parsed = ParseCustomHostnameSsl(*ssl);
    if (parsed.ok()) h.ssl = std::move(parsed).value();
    else f.Fail(parsed.status());
  }
  h.status = f.OptString("status");
  h.custom_origin_server = f.OptString("custom_origin_server");
  h.custom_origin_sni = f.OptString("custom_origin_sni");
  if (const auto* meta = f.Object("custom_metadata", false)) {
    for (const auto& [k, val] : meta->as_object()) {
      // Metadata values are strings in the schema; other scalars are kept in their JSON form.
      h.custom_metadata[k] = val.is_string() ? val.as_string() : val.serialize();
    }
  }
  if (const auto* own = f.Object("ownership_verification", false)) {
    JsonFields o(*own, "custom hostname ownership_verification");
    h.ownership_txt_name = o.OptString("name");
    h.ownership_txt_value = o.OptString("value");
    f.Fail(o.status());
  }
  if (const auto* own = f.Object("ownership_verification_http", false)) {
    JsonFields o(*own, "custom hostname ownership_verification_http");
    h.ownership_http_url = o.OptString("http_url");
    h.ownership_http_body = o.OptString("http_body");
    f.Fail(o.status());
  }
  h.verification_errors = f.MessageList("verification_errors");
  h.created_at = f.OptString("created_at");
  if (!f.ok()) return f.status();
  return h;
}

Result<CustomCertificate> ParseCustomCertificate(const web::json::value& v) {
  JsonFields f(v, "custom certificate");
  CustomCertificate c;
  c.id = f.String("id");
  c.status = f.String("status");
  c.hosts = f.StringList("hosts", false);
  c.issuer = f.OptString("issuer");
  c.signature = f.OptString("signature");
  c.bundle_method = f.OptString("bundle_method");
  c.zone_id = f.OptString("zone_id");
  c.uploaded_on = f.OptString("uploaded_on");
  c.modified_on = f.OptString("modified_on");
  c.expires_on = f.OptString("expires_on");
  c.priority = f.OptInt("priority");
  if (!f.ok()) return f.status();
  return c;
}

web::json::value ToJson(const CreateCustomCsrRequest& r) {
  auto j = web::json::value::object();
  j["country"] = web::json::value::string(r.country);
  j["state"] = web::json::value::string(r.state);
  j["locality"] = web::json::value::string(r.locality);
  j["organization"] = web::json::value::string(r.organization);
  if (r.organizational_unit) j["organizational_unit"] = web::json::value::string(*r.organizational_unit);
  j["common_name"] = web::json::value::string(r.common_name);
  j["sans"] = StringArray(r.sans);
  if (r.key_type) j["key_type"] = web::json::value::string(*r.key_type);
  return j;
}

web::json::value ToJson(const CustomHostnameSslRequest& r) {
  auto j = web::json::value::object();
  auto put = [&j](const char* key, const std::optional<std::string>& v) {
    if (v) j[key] = web::json::value::string(*v);
  };
  put("method", r.method);
  put("type", r.type);
  put("certificate_authority", r.certificate_authority);
  put("bundle_method", r.bundle_method);
  put("custom_certificate", r.custom_certificate);
  put("custom_csr_id", r.custom_csr_id);
  if (r.wildcard) j["wildcard"] = web::json::value::boolean(*r.wildcard);
  if (r.custom_key) j["custom_key"] = web::json::value::string(r.custom_key->Reveal());
  if (r.min_tls_version) {
    auto settings = web::json::value::object();
    settings["min_tls_version"] = web::json::value::string(*r.min_tls_version);
    j["settings"] = settings;
  }
  return j;
}

web::json::value ToJson(const CreateCustomHostnameRequest& r) {
  auto j = web::json::value::object();
  j["hostname"] = web::json::value::string(r.hostname);
  j["ssl"] = ToJson(r.ssl);
  if (!r.custom_metadata.empty()) j["custom_metadata"] = StringMap(r.custom_metadata);
  return j;
}

web::json::value ToJson(const PatchCustomHostnameRequest& r) {
  auto j = web::json::value::object();
  if (r.ssl) j["ssl"] = ToJson(*r.ssl);
  if (r.custom_origin_server) j["custom_origin_server"] = web::json::value::string(*r.custom_origin_server);
  if (r.custom_origin_sni) j["custom_origin_sni"] = web::json::value::string(*r.custom_origin_sni);
  if (r.custom_metadata) j["custom_metadata"] = StringMap(*r.custom_metadata);
  return j;
}

web::json::value ToJson(const CreateCustomCertificateRequest& r) {
  auto j = web::json::value::object();
  j["certificate"] = web::json::value::string(r.certificate);
  j["private_key"] = web::json::value::string(r.private_key.Reveal());
  if (r.bundle_method) j["bundle_method"] = web::json::value::string(*r.bundle_method);
  if (r.type) j["type"] = web::json::value::string(*r.type);
  return j;
}

}  // namespace edgecert::api
