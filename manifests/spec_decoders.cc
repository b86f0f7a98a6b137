// The spec of each kind, read into its object. Names, types, presence and allowed values come from the
// field tables (kind_tables.cc); this file only says where each value goes. Cross-object and content
// rules live in the *_rules.cc files.
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

void DecodeValidationRecords(FieldReader& spec, ValidationRecordsPublishing& out) {
  FieldReader records = spec.Map("validationRecords");
  if (auto publish = records.Enum("publish")) {
    out.publish = *publish == "CloudflareDNS" ? ValidationRecordsPublishing::Publish::kCloudflareDns
                                              : ValidationRecordsPublishing::Publish::kNone;
  }
  Set(records.String("dnsZone"), out.dns_zone);
  records.Finish();
}

}  // namespace

void DecodeAccountSpec(FieldReader& spec, Account& out) {
  Set(spec.String("id"), out.id);
  Set(spec.String("name"), out.account_name);
}

void DecodeZoneSpec(FieldReader& spec, Zone& out) {
  if (auto name = spec.String("name")) out.apex = Lower(*name);
  Set(spec.String("account"), out.account);
  Set(spec.String("id"), out.id);
}

void DecodeCertificatePackSpec(FieldReader& spec, CertificatePack& out) {
  Set(spec.String("zone"), out.zone);
  if (auto hosts = spec.StringList("hosts")) out.hosts = LowerAll(std::move(*hosts));
  Set(spec.Enum("type"), out.type);
  Set(spec.Enum("certificateAuthority"),
      out.certificate_authority);
  Set(spec.IntEnum("validityDays"), out.validity_days);
  Set(spec.Enum("validationMethod"), out.validation_method);
  Set(spec.Bool("cloudflareBranding"), out.cloudflare_branding);
  DecodeValidationRecords(spec, out.validation_records);
  Set(spec.DeletionPolicyField(), out.deletion_policy);
  Set(spec.AdoptionPolicyField(), out.adoption_policy);
}

void DecodeMtlsCertificateSpec(FieldReader& spec, MtlsCertificate& out) {
  Set(spec.String("account"), out.account);
  Set(spec.Bool("ca"), out.ca);
  Set(spec.Pem("certificate"), out.certificate);
  out.private_key = spec.Secret("privateKey");
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeHostnameAssociationSpec(FieldReader& spec, HostnameAssociation& out) {
  Set(spec.String("zone"), out.zone);
  Set(spec.String("mtlsCertificate"), out.mtls_certificate);
  if (auto hostnames = spec.StringList("hostnames")) {
    out.hostnames = LowerAll(std::move(*hostnames));
  }
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeClientCertificateSpec(FieldReader& spec, ClientCertificate& out) {
  Set(spec.String("zone"), out.zone);
  Set(spec.PemFile("csrFile"), out.csr);
  if (auto days = spec.Int("validityDays")) out.validity_days = static_cast<int>(
      std::clamp<long long>(*days, -1, 1'000'000));
  if (auto state = spec.Enum("state")) {
    out.state = *state == "revoked" ? ClientCertificateState::kRevoked : ClientCertificateState::kActive;
  }
  if (auto path = spec.Path("certificateOutputFile")) {
    out.certificate_output_file = path->first;
    out.resolved_certificate_output_file = path->second;
  }
  Set(spec.Duration("renewBefore"), out.renew_before);
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeCustomCsrSpec(FieldReader& spec, CustomCsr& out) {
  Set(spec.String("zone"), out.zone);
  Set(spec.String("country"), out.subject.country);
  Set(spec.String("state"), out.subject.state);
  Set(spec.String("locality"), out.subject.locality);
  Set(spec.String("organization"), out.subject.organization);
  Set(spec.String("organizationalUnit"), out.subject.organizational_unit);
  if (auto cn = spec.String("commonName")) out.subject.common_name = Lower(*cn);
  if (auto sans = spec.StringList("sans")) out.sans = LowerAll(std::move(*sans));
  if (auto key_type = spec.Enum("keyType")) {
    out.key_type = *key_type == "p256v1" ? crypto::KeyType::kP256 : crypto::KeyType::kRsa2048;
  }
  if (auto path = spec.Path("csrOutputFile")) {
    out.csr_output_file = path->first;
    out.resolved_csr_output_file = path->second;
  }
  Set(spec.DeletionPolicyField(), out.deletion_policy);
}

void DecodeCustomHostnameSpec(FieldReader& spec, CustomHostname& out) {
  Set(spec.String("zone"), out.zone);
  if (auto hostname = spec.String("hostname")) out.hostname = Lower(*hostname);
  FieldReader ssl = spec.Map("ssl");
  CustomHostnameSsl& s = out.ssl;
  Set(ssl.Enum("method"), s.method);
  Set(ssl.Enum("type"), s.type);
  Set(ssl.Enum("certificateAuthority"),
      s.certificate_authority);
  Set(ssl.Enum("bundleMethod"), s.bundle_method);
  Set(ssl.Bool("wildcard"), s.wildcard);
  Set(ssl.String("customCsr"), s.custom_csr);
  s.custom_certificate = ssl.Pem("customCertificate");
  s.custom_key = ssl.Secret("customKey");
  FieldReader settings = ssl.Map("settings");
  Set(settings.Enum("minTlsVersion"), s.settings.min_tls_version);
  Set(settings.Enum("tls13"), s.settings.tls_1_3);
  Set(settings.Enum("http2"), s.settings.http2);
  Set(settings.Enum("earlyHints"), s.settings.early_hints);
  Set(settings.StringList("ciphers"), s.settings.ciphers);
  settings.Finish();
  ssl.Finish();
  if (auto origin = spec.String("customOriginServer")) out.custom_origin_server = Lower(*origin);
  Set(spec.String("customOriginSni"), out.custom_origin_sni);
  Set(spec.StringMap("customMetadata"), out.custom_metadata);
  DecodeValidationRecords(spec, out.validation_records);
  Set(spec.DeletionPolicyField(), out.deletion_policy);
  Set(spec.AdoptionPolicyField(), out.adoption_policy);
}

void DecodeUniversalSslSpec(FieldReader& spec, UniversalSsl& out) {
  Set(spec.String("zone"), out.zone);
  Set(spec.Bool("enabled"), out.enabled);
  Set(spec.Enum("automaticMode"), out.automatic_mode);
  Set(spec.Bool("force"), out.force);
}

}  // namespace edgecert::manifests
