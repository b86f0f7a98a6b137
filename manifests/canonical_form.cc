#include "manifests/canonical_form.h"

#include <openssl/evp.h>

#include <algorithm>

#include "crypto/x509.h"

namespace edgecert::manifests {
namespace {

// Appends "key=<length>:value\n": the length prefix keeps values with newlines or "=" unambiguous.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void Object(Kind kind, const ObjectMeta& meta) {
    out_ += "---\n";
    Field("kind", KindName(kind));
    Field("name", meta.name);
    for (const auto& [k, v] : meta.labels) Field("label." + k, v);
  }
  void Field(std::string_view key, std::string_view value) {
    out_.append(key);
    out_ += '=';
    out_ += std::to_string(value.size());
    out_ += ':';
    out_.append(value);
    out_ += '\n';
  }
  void Field(std::string_view key, bool value) { Field(key, value ? std::string_view("true") : "false"); }
  void Field(std::string_view key, long long value) { Field(key, std::string_view(std::to_string(value))); }
  // Host-like lists are sets to the API (it may read them back in another order), so they are sorted.
  void Set(std::string_view key, std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    List(key, values);
  }
  void List(std::string_view key, const std::vector<std::string>& values) {
    Field(std::string(key) + ".count", static_cast<long long>(values.size()));
    for (const std::string& v : values) Field(key, v);
  }
  void Pem(std::string_view key, const PemSource& pem) {
    Field(std::string(key) + ".file", pem.file);  // as written, so moving the checkout changes nothing
    Field(std::string(key) + ".pem", crypto::NormalizePem(pem.pem));
  }
  void Secret(std::string_view key, const std::optional<SecretReference>& ref) {
    if (!ref) return Field(key, std::string_view("none"));
    Field(key, ref->source == SecretReference::Source::kFile ? std::string_view("file") : "env");
    Field(std::string(key) + ".ref", ref->value);
  }
  // Only when publishing, so the hash of a manifest without the field is what it always was.
  void Publishing(const ValidationRecordsPublishing& p) {
    if (!p.enabled()) return;
    Field("validationRecords.publish", std::string_view("CloudflareDNS"));
    Field("validationRecords.dnsZone", p.dns_zone);
  }
  void Policy(DeletionPolicy p) { Field("deletionPolicy", p == DeletionPolicy::kOrphan ? std::string_view("Orphan") : "Delete"); }

 private:
  std::string& out_;
};

}  // namespace

std::string CanonicalForm(const DesiredObjects& o) {
  std::string out;
  Writer w(out);
  for (const Account& a : o.accounts) {
    w.Object(Kind::kAccount, a.meta);
    w.Field("id", a.id);
    w.Field("accountName", a.account_name);
  }
  for (const Zone& z : o.zones) {
    w.Object(Kind::kZone, z.meta);
    w.Field("apex", z.apex);
    w.Field("account", z.account);
    w.Field("id", z.id);
  }
  for (const CertificatePack& p : o.certificate_packs) {
    w.Object(Kind::kCertificatePack, p.meta);
    w.Field("zone", p.zone);
    w.Set("hosts", p.hosts);
    w.Field("type", p.type);
    w.Field("certificateAuthority", p.certificate_authority);
    w.Field("validityDays", static_cast<long long>(p.validity_days));
    w.Field("validationMethod", p.validation_method);
    w.Field("cloudflareBranding", p.cloudflare_branding);
    w.Publishing(p.validation_records);
    w.Policy(p.deletion_policy);
    // Written only when set, so snapshots from before the field existed keep their hash.
    if (p.adoption_policy != AdoptionPolicy::kIfEqual) w.Field("adoptionPolicy", AdoptionPolicyName(p.adoption_policy));
  }
  for (const MtlsCertificate& m : o.mtls_certificates) {
    w.Object(Kind::kMtlsCertificate, m.meta);
    w.Field("account", m.account);
    w.Field("ca", m.ca);
    w.Pem("certificate", m.certificate);
    w.Secret("privateKey", m.private_key);
    w.Policy(m.deletion_policy);
  }
  for (const HostnameAssociation& a : o.hostname_associations) {
    w.Object(Kind::kHostnameAssociation, a.meta);
    w.Field("zone", a.zone);
    w.Field("mtlsCertificate", a.mtls_certificate);
    w.Set("hostnames", a.hostnames);
    w.Policy(a.deletion_policy);
  }
  for (const ClientCertificate& c : o.client_certificates) {
    w.Object(Kind::kClientCertificate, c.meta);
    w.Field("zone", c.zone);
    w.Pem("csr", c.csr);
    w.Field("validityDays", static_cast<long long>(c.validity_days));
    w.Field("state", c.state == ClientCertificateState::kRevoked ? std::string_view("revoked") : "active");
    w.Field("certificateOutputFile", c.certificate_output_file);
    w.Field("renewBeforeSeconds", static_cast<long long>(c.renew_before.count()));
    w.Policy(c.deletion_policy);
  }
  for (const CustomCsr& c : o.custom_csrs) {
    w.Object(Kind::kCustomCsr, c.meta);
    w.Field("zone", c.zone);
    w.Field("country", c.subject.country);
    w.Field("state", c.subject.state);
    w.Field("locality", c.subject.locality);
    w.Field("organization", c.subject.organization);
    w.Field("organizationalUnit", c.subject.organizational_unit);
    w.Field("commonName", c.subject.common_name);
    w.Set("sans", c.sans);
    w.Field("keyType", c.key_type == crypto::KeyType::kP256 ? std::string_view("p256v1") : "rsa2048");
    w.Field("csrOutputFile", c.csr_output_file);
    w.Policy(c.deletion_policy);
  }
  for (const CustomHostname& h : o.custom_hostnames) {
    w.Object(Kind::kCustomHostname, h.meta);
    w.Field("zone", h.zone);
    w.Field("hostname", h.hostname);
    const CustomHostnameSsl& s = h.ssl;
    w.Field("ssl.method", s.method);
    w.Field("ssl.type", s.type);
    w.Field("ssl.certificateAuthority", s.certificate_authority);
    w.Field("ssl.bundleMethod", s.bundle_method);
    w.Field("ssl.wildcard", s.wildcard);
    w.Field("ssl.customCsr", s.custom_csr);
    if (s.custom_certificate) w.Pem("ssl.customCertificate", *s.custom_certificate);
    w.Secret("ssl.customKey", s.custom_key);
    w.Field("ssl.settings.minTlsVersion", s.settings.min_tls_version);
    w.Field("ssl.settings.tls13", s.settings.tls_1_3);
    w.Field("ssl.settings.http2", s.settings.http2);
    w.Field("ssl.settings.earlyHints", s.settings.early_hints);
    w.List("ssl.settings.ciphers", s.settings.ciphers);
    w.Field("customOriginServer", h.custom_origin_server);
    w.Field("customOriginSni", h.custom_origin_sni);
    for (const auto& [k, v] : h.custom_metadata) w.Field("customMetadata." + k, v);
    w.Publishing(h.validation_records);
    w.Policy(h.deletion_policy);
    if (h.adoption_policy != AdoptionPolicy::kIfEqual) w.Field("adoptionPolicy", AdoptionPolicyName(h.adoption_policy));
  }
  for (const UniversalSsl& u : o.universal_ssls) {
    w.Object(Kind::kUniversalSsl, u.meta);
    w.Field("zone", u.zone);
    w.Field("enabled", u.enabled);
    w.Field("automaticMode", u.automatic_mode);
    w.Field("force", u.force);
  }
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

}  // namespace edgecert::manifests
