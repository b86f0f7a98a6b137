#include "api/client/json_fields.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {

web::json::value StringArray(const std::vector<std::string>& items) {
  auto arr = web::json::value::array(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) arr[i] = web::json::value::string(items[i]);
  return arr;
}

Result<Account> ParseAccount(const web::json::value& v) {
  JsonFields f(v, "account");
  Account a;
  a.id = f.String("id");
  a.name = f.String("name");
  if (!f.ok()) return f.status();
  return a;
}

Result<Zone> ParseZone(const web::json::value& v) {
  JsonFields f(v, "zone");
  Zone z;
  z.id = f.String("id");
  z.name = f.String("name");
  z.status = f.OptString("status");
  if (const auto* account = f.Object("account", false)) {
    JsonFields a(*account, "zone account");
    z.account_id = a.OptString("id");
    z.account_name = a.OptString("name");
    f.Fail(a.status());
  }
  z.permissions = f.StringList("permissions", false);
  if (!f.ok()) return f.status();
  return z;
}

Result<TokenVerification> ParseTokenVerification(const web::json::value& v) {
  JsonFields f(v, "token verification");
  TokenVerification t;
  t.id = f.String("id");
  t.status = f.String("status");
  t.expires_on = f.OptString("expires_on");
  if (!f.ok()) return f.status();
  return t;
}

Result<UniversalSslSettings> ParseUniversalSslSettings(const web::json::value& v) {
  JsonFields f(v, "universal SSL settings");
  UniversalSslSettings s;
  s.enabled = f.OptBool("enabled");
  if (!f.ok()) return f.status();
  return s;
}

Result<AutomaticSslMode> ParseAutomaticSslMode(const web::json::value& v) {
  JsonFields f(v, "automatic SSL mode");
  AutomaticSslMode m;
  m.value = f.String("value");
  m.id = f.OptString("id");
  m.editable = f.OptBool("editable");
  m.modified_on = f.OptString("modified_on");
  m.next_scheduled_scan = f.OptString("next_scheduled_scan");
  if (!f.ok()) return f.status();
  return m;
}

Result<CertificateAnalysis> ParseCertificateAnalysis(const web::json::value& v) {
  JsonFields f(v, "certificate analysis");
  CertificateAnalysis a;
  a.hosts = f.StringList("hosts", false);
  a.issuer = f.OptString("issuer");
  a.signature = f.OptString("signature");
  a.expires_on = f.OptString("expires_on");
  a.bundle_method = f.OptString("bundle_method");
  if (!f.ok()) return f.status();
  a.raw_json = v.serialize();
  return a;
}

web::json::value ToJson(const AnalyzeCertificateRequest& r) {
  auto j = web::json::value::object();
  j["certificate"] = web::json::value::string(r.certificate);
  if (r.bundle_method) j["bundle_method"] = web::json::value::string(*r.bundle_method);
  return j;
}

}  // namespace edgecert::api
