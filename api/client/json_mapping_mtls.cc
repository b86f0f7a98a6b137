#include "api/client/json_fields.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {

Result<MtlsCertificate> ParseMtlsCertificate(const web::json::value& v) {
  JsonFields f(v, "mTLS certificate");
  MtlsCertificate c;
  c.id = f.String("id");
  c.certificates = f.String("certificates");
  c.ca = f.OptBool("ca");
  c.name = f.OptString("name");
  c.issuer = f.OptString("issuer");
  c.serial_number = f.OptString("serial_number");
  c.signature = f.OptString("signature");
  c.expires_on = f.OptString("expires_on");
  c.uploaded_on = f.OptString("uploaded_on");
  if (!f.ok()) return f.status();
  return c;
}

Result<MtlsAssociation> ParseMtlsAssociation(const web::json::value& v) {
  JsonFields f(v, "mTLS certificate association");
  MtlsAssociation a;
  a.service = f.String("service");
  a.status = f.OptString("status");
  if (!f.ok()) return f.status();
  return a;
}

Result<HostnameAssociations> ParseHostnameAssociations(const web::json::value& v) {
  JsonFields f(v, "hostname associations");
  HostnameAssociations h;
  h.hostnames = f.StringList("hostnames", false);
  if (!f.ok()) return f.status();
  return h;
}

Result<ClientCertificate> ParseClientCertificate(const web::json::value& v) {
  JsonFields f(v, "client certificate");
  ClientCertificate c;
  c.id = f.String("id");
  c.status = f.String("status");
  c.certificate = f.OptString("certificate");
  c.csr = f.OptString("csr");
  c.common_name = f.OptString("common_name");
  c.country = f.OptString("country");
  c.state = f.OptString("state");
  c.location = f.OptString("location");
  c.organization = f.OptString("organization");
  c.organizational_unit = f.OptString("organizational_unit");
  c.fingerprint_sha256 = f.OptString("fingerprint_sha256");
  c.serial_number = f.OptString("serial_number");
  c.signature = f.OptString("signature");
  c.ski = f.OptString("ski");
  c.issued_on = f.OptString("issued_on");
  c.expires_on = f.OptString("expires_on");
  c.validity_days = f.OptInt("validity_days");
  if (const auto* ca = f.Object("certificate_authority", false)) {
    JsonFields a(*ca, "client certificate authority");
    c.certificate_authority_id = a.OptString("id");
    c.certificate_authority_name = a.OptString("name");
    f.Fail(a.status());
  }
  if (!f.ok()) return f.status();
  return c;
}

web::json::value ToJson(const UploadMtlsCertificateRequest& r) {
  auto j = web::json::value::object();
  j["certificates"] = web::json::value::string(r.certificates);
  j["ca"] = web::json::value::boolean(r.ca);
  if (r.name) j["name"] = web::json::value::string(*r.name);
  if (r.private_key) j["private_key"] = web::json::value::string(r.private_key->Reveal());
  return j;
}

web::json::value ToJson(const PutHostnameAssociationsRequest& r) {
  auto j = web::json::value::object();
  j["hostnames"] = StringArray(r.hostnames);
  if (r.mtls_certificate_id) j["mtls_certificate_id"] = web::json::value::string(*r.mtls_certificate_id);
  return j;
}

web::json::value ToJson(const CreateClientCertificateRequest& r) {
  auto j = web::json::value::object();
  j["csr"] = web::json::value::string(r.csr);
  j["validity_days"] = web::json::value::number(static_cast<int64_t>(r.validity_days));
  return j;
}

}  // namespace edgecert::api
