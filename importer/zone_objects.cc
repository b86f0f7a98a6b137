// The zone-scoped kinds of an imported tree: certificate packs, client certificates, custom CSRs and
// custom hostnames (see tree_builder.h).
#include <algorithm>

#include "crypto/x509.h"
#include "importer/tree_builder.h"
#include "reconcile/kinds/certificate_pack_view.h"
#include "reconcile/kinds/client_certificate_reconciler.h"
#include "reconcile/kinds/custom_csr_reconciler.h"
#include "reconcile/kinds/custom_hostname_reconciler.h"
#include "reconcile/kinds/read_back.h"

namespace edgecert::importer {
namespace {

constexpr char kHeader[] = "Written by `edgecert import`; edit freely, it is yours now.";

std::vector<reconcile::ValidationRecord> Records(const std::vector<api::ValidationRecord>& records) {
  std::vector<reconcile::ValidationRecord> out;
  for (const auto& r : records) {
    if (r.txt_name) out.push_back({"txt", *r.txt_name, r.txt_value.value_or("")});
    if (r.http_url) out.push_back({"http", *r.http_url, r.http_body.value_or("")});
    if (r.cname) out.push_back({"cname", *r.cname, r.cname_target.value_or("")});
  }
  return out;
}

// The first hostname-like word of a CN ("iot-device-001", "shop.acme.com" -> "shop-acme-com").
std::string NameFrom(std::string text) {
  std::replace(text.begin(), text.end(), '.', '-');
  return Slug(text);
}

}  // namespace

void TreeBuilder::AddPacks(const ZoneSnapshot& zone) {
  if (zone.packs.empty()) return;
  YamlText yaml;
  yaml.Comment(std::string(kHeader) + "\nAdvanced certificate packs of zone " + zone.zone.name + ".");
  for (const auto& p : zone.packs) {
    const std::string name =
        names_.Take(manifests::Kind::kCertificatePack, zone.zone.id, p.id, PackName(p.hosts, zone.zone.name), "pack");
    manifests::CertificatePack pack;
    pack.hosts = reconcile::NormalizeHostSet(p.hosts);
    pack.certificate_authority = p.certificate_authority.value_or("lets_encrypt");
    pack.validity_days = static_cast<int>(p.validity_days.value_or(90));
    pack.validation_method = p.validation_method.value_or("txt");
    pack.cloudflare_branding = p.cloudflare_branding.value_or(false);
    yaml.BeginDocument("CertificatePack", name);
    yaml.String(1, "zone", ZoneName(zone));
    yaml.List(1, "hosts", pack.hosts);
    const char* guessed = "the API did not say; edgecert's default";
    yaml.String(1, "certificateAuthority", pack.certificate_authority, p.certificate_authority ? "" : guessed);
    yaml.Int(1, "validityDays", pack.validity_days);
    yaml.String(1, "validationMethod", pack.validation_method, p.validation_method ? "" : guessed);
    if (pack.cloudflare_branding) yaml.Bool(1, "cloudflareBranding", true);
    Own(manifests::Kind::kCertificatePack, name, p.id, zone.zone.id, reconcile::PackSpecFingerprint(pack), p.status,
        Records(p.validation_records));
    ++packs_per_zone_[zone.zone.id];
  }
  AddFile(ZoneDir(zone) + "/certificate-packs.yaml", yaml.text());
}

void TreeBuilder::AddClientCertificates(const ZoneSnapshot& zone) {
  if (zone.client_certificates.empty()) return;
  YamlText yaml;
  yaml.Comment(std::string(kHeader) + "\nAPI Shield client certificates of zone " + zone.zone.name +
               ". The devices keep their private keys;\nthe CSRs and issued certificates are public.");
  for (const auto& c : zone.client_certificates) {
    const std::string name = names_.Take(manifests::Kind::kClientCertificate, zone.zone.id, c.id,
                                         NameFrom(c.common_name.value_or("")), "client-certificate");
    manifests::ClientCertificate cert;
    cert.csr.pem = crypto::NormalizePem(c.csr.value_or(""));
    const std::string csr_path = "client-certificates/" + name + ".csr";
    AddFile(ZoneDir(zone) + "/" + csr_path, cert.csr.pem);
    yaml.BeginDocument("ClientCertificate", name);
    yaml.String(1, "zone", ZoneName(zone));
    yaml.String(1, "csrFile", csr_path);
    if (c.validity_days) yaml.Int(1, "validityDays", *c.validity_days);
    const std::string issued = crypto::NormalizePem(c.certificate.value_or(""));
    if (!issued.empty()) {
      const std::string pem_path = "client-certificates/" + name + ".pem";
      AddFile(ZoneDir(zone) + "/" + pem_path, issued);
      yaml.String(1, "certificateOutputFile", pem_path);
    }
    Own(manifests::Kind::kClientCertificate, name, c.id, zone.zone.id,
        reconcile::ClientCertificateSpecFingerprint(cert), c.status);
  }
  AddFile(ZoneDir(zone) + "/client-certificates.yaml", yaml.text());
}

void TreeBuilder::AddCustomCsrs(const ZoneSnapshot& zone) {
  if (zone.custom_csrs.empty()) return;
  YamlText yaml;
  yaml.Comment(std::string(kHeader) + "\nCustom CSRs of zone " + zone.zone.name + " (Cloudflare keeps their keys).");
  for (const auto& c : zone.custom_csrs) {
    const std::string name =
        names_.Take(manifests::Kind::kCustomCsr, zone.zone.id, c.id, NameFrom(c.common_name), "csr");
    csr_names_[c.id] = name;
    manifests::CustomCsr csr;
    csr.subject.country = c.country.value_or("");
    csr.subject.state = c.state.value_or("");
    csr.subject.locality = c.locality.value_or("");
    csr.subject.organization = c.organization.value_or("");
    csr.subject.organizational_unit = c.organizational_unit.value_or("");
    csr.subject.common_name = c.common_name;
    csr.sans = c.sans;
    csr.key_type = c.key_type.value_or("rsa2048") == "p256v1" ? crypto::KeyType::kP256 : crypto::KeyType::kRsa2048;
    const std::string csr_path = "custom-csrs/" + name + ".csr";
    AddFile(ZoneDir(zone) + "/" + csr_path, crypto::NormalizePem(c.csr));
    yaml.BeginDocument("CustomCSR", name);
    yaml.String(1, "zone", ZoneName(zone));
    yaml.String(1, "country", csr.subject.country);
    yaml.String(1, "state", csr.subject.state);
    yaml.String(1, "locality", csr.subject.locality);
    yaml.String(1, "organization", csr.subject.organization);
    if (!csr.subject.organizational_unit.empty()) yaml.String(1, "organizationalUnit", csr.subject.organizational_unit);
    yaml.String(1, "commonName", csr.subject.common_name);
    yaml.List(1, "sans", csr.sans);
    yaml.String(1, "keyType", csr.key_type == crypto::KeyType::kP256 ? "p256v1" : "rsa2048");
    yaml.String(1, "csrOutputFile", csr_path);
    Own(manifests::Kind::kCustomCsr, name, c.id, zone.zone.id, reconcile::CustomCsrSpecFingerprint(csr), "active");
  }
  AddFile(ZoneDir(zone) + "/custom-csrs.yaml", yaml.text());
}

void TreeBuilder::AddCustomHostnames(const ZoneSnapshot& zone) {
  if (zone.custom_hostnames.empty()) return;
  YamlText yaml;
  yaml.Comment(std::string(kHeader) + "\nCustom hostnames (SSL for SaaS) of zone " + zone.zone.name +
               ". The API does not read back\nssl.settings: add them here if you set any.");
  for (const auto& h : zone.custom_hostnames) {
    const std::string name =
        names_.Take(manifests::Kind::kCustomHostname, zone.zone.id, h.id, NameFrom(h.hostname), "hostname");
    const api::CustomHostnameSsl ssl = h.ssl.value_or(api::CustomHostnameSsl{});
    yaml.BeginDocument("CustomHostname", name);
    yaml.String(1, "zone", ZoneName(zone));
    yaml.String(1, "hostname", reconcile::NormalizeHostname(h.hostname));
    yaml.Open(1, "ssl");
    if (ssl.method) yaml.String(2, "method", *ssl.method);
    if (ssl.type) yaml.String(2, "type", *ssl.type);
    if (ssl.certificate_authority) yaml.String(2, "certificateAuthority", *ssl.certificate_authority);
    yaml.String(2, "bundleMethod", ssl.bundle_method.value_or("ubiquitous"));
    if (ssl.wildcard.value_or(false)) yaml.Bool(2, "wildcard", true);
    if (ssl.serial_number) {
      // A custom certificate: the API reads back its issuer and serial, never the PEM.
      const std::string pem_path = "certs/" + name + ".pem";
      auto csr = csr_names_.find(ssl.custom_csr_id.value_or(""));
      if (csr != csr_names_.end()) yaml.String(2, "customCsr", csr->second);
      yaml.Comment("The API never returns an uploaded certificate: put the PEM (issuer " + ssl.issuer.value_or("?") +
                       ", serial " + *ssl.serial_number + ") at " + pem_path + ".",
                   2);
      yaml.Open(2, "customCertificate");
      yaml.String(3, "file", pem_path);
      tree_.supply.push_back(ZoneDir(zone) + "/" + pem_path + ": the custom certificate of CustomHostname " + name +
                             " (issuer " + ssl.issuer.value_or("?") + ", serial " + *ssl.serial_number + ")");
      if (csr == csr_names_.end()) {
        const std::string key_path = "keys/" + name + ".key";
        yaml.Comment("Its private key is never exported: put it at " + key_path + " (or use {env: VARIABLE}).", 2);
        yaml.Open(2, "customKey");
        yaml.String(3, "file", key_path);
        tree_.supply.push_back(ZoneDir(zone) + "/" + key_path + ": the private key of CustomHostname " + name +
                               " (needed only to upload the certificate again)");
      }
    }
    if (h.custom_origin_server && !h.custom_origin_server->empty()) {
      yaml.String(1, "customOriginServer", *h.custom_origin_server);
    }
    if (h.custom_origin_sni && !h.custom_origin_sni->empty()) yaml.String(1, "customOriginSni", *h.custom_origin_sni);
    yaml.Map(1, "customMetadata", h.custom_metadata);
    manifests::CustomHostname desired;  // the settings the API does not read back stay unset
    Own(manifests::Kind::kCustomHostname, name, h.id, zone.zone.id, reconcile::CustomHostnameSpecFingerprint(desired),
        ssl.status.value_or(""), Records(ssl.validation_records));
  }
  AddFile(ZoneDir(zone) + "/custom-hostnames.yaml", yaml.text());
}

}  // namespace edgecert::importer
