#include "api/client/json_fields.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {
namespace {

Result<PackCertificate> ParsePackCertificate(const web::json::value& v) {
  JsonFields f(v, "certificate pack certificate");
  PackCertificate c;
  c.id = f.String("id");
  c.hosts = f.StringList("hosts", false);
  c.status = f.OptString("status");
  c.issuer = f.OptString("issuer");
  c.signature = f.OptString("signature");
  c.expires_on = f.OptString("expires_on");
  c.uploaded_on = f.OptString("uploaded_on");
  c.modified_on = f.OptString("modified_on");
  c.bundle_method = f.OptString("bundle_method");
  if (!f.ok()) return f.status();
  return c;
}

}  // namespace

Result<ValidationRecord> ParseValidationRecord(const web::json::value& v) {
  JsonFields f(v, "validation record");
  ValidationRecord r;
  r.cname = f.OptString("cname");
  r.cname_target = f.OptString("cname_target");
  r.emails = f.StringList("emails", false);
  r.http_url = f.OptString("http_url");
  r.http_body = f.OptString("http_body");
  r.txt_name = f.OptString("txt_name");
  r.txt_value = f.OptString("txt_value");
  r.status = f.OptString("status");
  if (!f.ok()) return f.status();
  return r;
}

Result<CertificatePack> ParseCertificatePack(const web::json::value& v) {
  JsonFields f(v, "certificate pack");
  CertificatePack p;
  p.id = f.String("id");
  p.type = f.String("type");
  p.hosts = f.StringList("hosts", true);
  p.status = f.String("status");
  p.certificate_authority = f.OptString("certificate_authority");
  p.validation_method = f.OptString("validation_method");
  p.validity_days = f.OptInt("validity_days");
  p.cloudflare_branding = f.OptBool("cloudflare_branding");
  p.primary_certificate = f.OptString("primary_certificate");
  p.certificates = ObjectList<PackCertificate>(f, "certificates", ParsePackCertificate);
  p.validation_records =
      ObjectList<ValidationRecord>(f, "validation_records", ParseValidationRecord);
  p.dcv_delegation_records = ObjectList<ValidationRecord>(f, "dcv_delegation_records", ParseValidationRecord);
  p.validation_errors = f.MessageList("validation_errors");
  if (!f.ok()) return f.status();
  return p;
}

Result<CertificatePackQuota> ParseCertificatePackQuota(const web::json::value& v) {
  JsonFields f(v, "certificate pack quota");
  CertificatePackQuota q;
  if (const auto* adv = f.Object("advanced", false)) {
    JsonFields a(*adv, "certificate pack quota advanced");
    q.advanced_allocated = a.OptInt("allocated");
    q.advanced_used = a.OptInt("used");
    f.Fail(a.status());
  }
  if (!f.ok()) return f.status();
  return q;
}

Result<Verification> ParseVerification(const web::json::value& v) {
  JsonFields f(v, "SSL verification");
  Verification r;
  r.certificate_status = f.String("certificate_status");
  r.cert_pack_uuid = f.OptString("cert_pack_uuid");
  r.validation_method = f.OptString("validation_method");
  r.verification_type = f.OptString("verification_type");
  r.verification_status = f.OptBool("verification_status");
  r.brand_check = f.OptBool("brand_check");
  r.signature = f.OptString("signature");
  if (const auto* info = f.Object("verification_info", false)) {
    JsonFields i(*info, "SSL verification info");
    r.record_name = i.OptString("record_name");
    r.record_target = i.OptString("record_target");
    f.Fail(i.status());
  }
  if (!f.ok()) return f.status();
  return r;
}

Result<ValidationMethodChange> ParseValidationMethodChange(const web::json::value& v) {
  JsonFields f(v, "validation method change");
  ValidationMethodChange c;
  c.status = f.OptString("status");
  c.validation_method = f.OptString("validation_method");
  if (!f.ok()) return f.status();
  return c;
}

web::json::value ToJson(const OrderCertificatePackRequest& r) {
  auto j = web::json::value::object();
  j["type"] = web::json::value::string("advanced");
  j["hosts"] = StringArray(r.hosts);
  j["validation_method"] = web::json::value::string(r.validation_method);
  j["validity_days"] = web::json::value::number(static_cast<int64_t>(r.validity_days));
  j["certificate_authority"] = web::json::value::string(r.certificate_authority);
  if (r.cloudflare_branding) j["cloudflare_branding"] = web::json::value::boolean(*r.cloudflare_branding);
  return j;
}

web::json::value ToJson(const PatchCertificatePackRequest& r) {
  auto j = web::json::value::object();
  if (r.cloudflare_branding) j["cloudflare_branding"] = web::json::value::boolean(*r.cloudflare_branding);
  return j;
}

}  // namespace edgecert::api
