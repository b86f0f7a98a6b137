// The spec of each kind: field names (camelCase, mapped to the API's snake_case in docs/manifests.md),
// types, enums and defaults. Cross-object and content rules live in the *_rules.cc files.
#include <algorithm>
#include <cctype>

#include "manifests/document_decoder.h"

namespace edgecert::manifests {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::vector<std::string> LowerAll(std::vector<std::string> items) {
  for (std::string& s : items) s = Lower(std::move(s));
  return items;
}

template <typename T>
void Set(std::optional<T> value, T& field) {
  if (value) field = std::move(*value);
}

const std::vector<std::string> kOnOff = {"on", "off"};

}  // namespace

void DecodeAccountSpec(FieldReader& spec, Account& out) {
  Set(spec.String("id", Presence::kOptional), out.id);
  Set(spec.String("name", Presence::kOptional), out.account_name);
}

void DecodeZoneSpec(FieldReader& spec, Zone& out) {
  if (auto name = spec.String("name", Presence::kRequired)) out.apex = Lower(*name);
  Set(spec.String("account", Presence::kRequired), out.account);
  Set(spec.String("id", Presence::kOptional), out.id);
}

void DecodeCertificatePackSpec(FieldReader& spec, CertificatePack& out) {
  Set(spec.String("zone", Presence::kRequired), out.zone);
  if (auto hosts = spec.StringList("hosts", Presence::kRequired)) out.hosts = LowerAll(std::move(*hosts));
  Set(spec.Enum("type", {"advanced"}, Presence::kOptional), out.type);
  Set(spec.Enum("certificateAuthority", {"google", "lets_encrypt", "ssl_com"}, Presence::kRequired),
      out.certificate_authority);
  Set(spec.IntEnum("validityDays", {14, 30, 90, 365}, Presence::kRequired), out.validity_days);
  Set(spec.Enum("validationMethod", {"txt", "http", "email"}, Presence::kRequired), out.validation_method);
  Set(spec.Bool("cloudflareBranding", Presence::kOptional), out.cloudflare_branding);
  Set(spec.DeletionPolicyField(), out.deletion_policy);
  Set(spec.AdoptionPolicyField(), out.adoption_policy);
}

void DecodeMtlsCertificateSpec(FieldReader& spec, MtlsCertificate& out) {
  Set(spec.String("account", Presence::kRequired), out.account);
  Set(spec.Bool("ca", Presence::kRequired), out.ca);
  Set(spec.Pem("certificate", Presence::kRequired), out.certificate);
  out.private_key = spec.Secret("privateKey", Presence::kOptional);
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeHostnameAssociationSpec(FieldReader& spec, HostnameAssociation& out) {
  Set(spec.String("zone", Presence::kRequired), out.zone);
  Set(spec.String("mtlsCertificate", Presence::kRequired), out.mtls_certificate);
  if (auto hostnames = spec.StringList("hostnames", Presence::kRequired)) {
    out.hostnames = LowerAll(std::move(*hostnames));
  }
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeClientCertificateSpec(FieldReader& spec, ClientCertificate& out) {
  Set(spec.String("zone", Presence::kRequired), out.zone);
  Set(spec.PemFile("csrFile", Presence::kRequired), out.csr);
  if (auto days = spec.Int("validityDays", Presence::kOptional)) out.validity_days = static_cast<int>(
      std::clamp<long long>(*days, -1, 1'000'000));
  if (auto state = spec.Enum("state", {"active", "revoked"}, Presence::kOptional)) {
    out.state = *state == "revoked" ? ClientCertificateState::kRevoked : ClientCertificateState::kActive;
  }
  if (auto path = spec.Path("certificateOutputFile", Presence::kOptional)) {
    out.certificate_output_file = path->first;
    out.resolved_certificate_output_file = path->second;
  }
  Set(spec.Duration("renewBefore", Presence::kOptional), out.renew_before);
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeCustomCsrSpec(FieldReader& spec, CustomCsr& out) {
  Set(spec.String("zone", Presence::kRequired), out.zone);
  Set(spec.String("country", Presence::kRequired), out.subject.country);
  Set(spec.String("state", Presence::kRequired), out.subject.state);
  Set(spec.String("locality", Presence::kRequired), out.subject.locality);
  Set(spec.String("organization", Presence::kRequired), out.subject.organization);
  Set(spec.String("organizationalUnit", Presence::kOptional), out.subject.organizational_unit);
  if (auto cn = spec.String("commonName", Presence::kRequired)) out.subject.common_name = Lower(*cn);
  if (auto sans = spec.StringList("sans", Presence::kRequired)) out.sans = LowerAll(std::move(*sans));
  if (auto key_type = spec.Enum("keyType", {"rsa2048", "p256v1"}, Presence::kOptional)) {
    out.key_type = *key_type == "p256v1" ? crypto::KeyType::kP256 : crypto::KeyType::kRsa2048;
  }
  if (auto path = spec.Path("csrOutputFile", Presence::kOptional)) {
    out.csr_output_file = path->first;
    out.resolved_csr_output_file = path->second;
  }
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeCustomHostnameSpec(FieldReader& spec, CustomHostname& out) {
  Set(spec.String("zone", Presence::kRequired), out.zone);
  if (auto hostname = spec.String("hostname", Presence::kRequired)) out.hostname = Lower(*hostname);
  FieldReader ssl = spec.Map("ssl", Presence::kOptional);
  CustomHostnameSsl& s = out.ssl;
  Set(ssl.Enum("method", {"http", "txt", "email"}, Presence::kOptional), s.method);
  Set(ssl.Enum("type", {"dv"}, Presence::kOptional), s.type);
  Set(ssl.Enum("certificateAuthority", {"digicert", "google", "lets_encrypt", "ssl_com"}, Presence::kOptional),
      s.certificate_authority);
  Set(ssl.Enum("bundleMethod", {"ubiquitous", "optimal", "force"}, Presence::kOptional), s.bundle_method);
  Set(ssl.Bool("wildcard", Presence::kOptional), s.wildcard);
  Set(ssl.String("customCsr", Presence::kOptional), s.custom_csr);
  s.custom_certificate = ssl.Pem("customCertificate", Presence::kOptional);
  s.custom_key = ssl.Secret("customKey", Presence::kOptional);
  FieldReader settings = ssl.Map("settings", Presence::kOptional);
  Set(settings.Enum("minTlsVersion", {"1.0", "1.1", "1.2", "1.3"}, Presence::kOptional), s.settings.min_tls_version);
  Set(settings.Enum("tls13", kOnOff, Presence::kOptional), s.settings.tls_1_3);
  Set(settings.Enum("http2", kOnOff, Presence::kOptional), s.settings.http2);
  Set(settings.Enum("earlyHints", kOnOff, Presence::kOptional), s.settings.early_hints);
  Set(settings.StringList("ciphers", Presence::kOptional), s.settings.ciphers);
  settings.Finish();
  ssl.Finish();
  if (auto origin = spec.String("customOriginServer", Presence::kOptional)) out.custom_origin_server = Lower(*origin);
  Set(spec.String("customOriginSni", Presence::kOptional), out.custom_origin_sni);
  Set(spec.StringMap("customMetadata", Presence::kOptional), out.custom_metadata);
  Set(spec.DeletionPolicyField(), out.deletion_policy);
  Set(spec.AdoptionPolicyField(), out.adoption_policy);
}

void DecodeUniversalSslSpec(FieldReader& spec, UniversalSsl& out) {
  Set(spec.String("zone", Presence::kRequired), out.zone);
  Set(spec.Bool("enabled", Presence::kOptional), out.enabled);
  Set(spec.Enum("automaticMode", {"auto", "custom"}, Presence::kOptional), out.automatic_mode);
  Set(spec.Bool("force", Presence::kOptional), out.force);
}

}  // namespace edgecert::manifests
