#include "importer/imported_tree.h"

#include <algorithm>

#include "crypto/x509.h"
#include "importer/tree_builder.h"
#include "manifests/json_schema.h"
#include "reconcile/kinds/hostname_association_reconciler.h"
#include "reconcile/kinds/mtls_certificate_reconciler.h"
#include "reconcile/kinds/read_back.h"

namespace edgecert::importer {
namespace {

constexpr char kHeader[] = "Written by `edgecert import`; edit freely, it is yours now.";

// The tree carries the schema its manifests name on their first line, as manifests/examples does.
constexpr char kSchemaPath[] = "schema/edgecert.schema.json";

// "# yaml-language-server: $schema=../schema/edgecert.schema.json" for a manifest at `path` (relative to
// the tree's root, "/"-separated): the schema's path relative to the manifest's directory.
std::string SchemaLine(const std::string& path) {
  std::string up;
  for (char c : path) {
    if (c == '/') up += "../";
  }
  return "# yaml-language-server: $schema=" + up + kSchemaPath + "\n";
}

bool IsManifest(const std::string& path) { return path.size() > 5 && path.ends_with(".yaml"); }

std::string FirstCommonName(const std::string& pem) {
  auto info = crypto::ParseCertificate(pem);
  return info.ok() ? info->common_name : std::string();
}

}  // namespace

ImportedTree BuildImportedTree(const RemoteSnapshot& snapshot, std::vector<reconcile::OwnedObject> inventory) {
  return TreeBuilder(std::move(inventory)).Build(snapshot);
}

ImportedTree TreeBuilder::Build(const RemoteSnapshot& snapshot) {
  AddAccounts(snapshot);
  AddZones(snapshot);
  for (const auto& account : snapshot.accounts) AddMtlsCertificates(account);
  for (const auto& zone : snapshot.zones) {
    AddPacks(zone);
    AddUniversalSsl(zone);
    AddAssociations(zone);
    AddClientCertificates(zone);
    AddCustomCsrs(zone);
    AddCustomHostnames(zone);
    for (const auto& why : zone.skipped) tree_.skipped.push_back(zone.zone.name + ": " + why);
  }
  AddFile(kSchemaPath, manifests::ManifestJsonSchema());
  return std::move(tree_);
}

void TreeBuilder::Own(manifests::Kind kind, const std::string& name, const std::string& remote_id,
                      const std::string& scope_id, std::string fingerprint, std::string remote_status,
                      std::vector<reconcile::ValidationRecord> records) {
  reconcile::OwnedObject owned;
  owned.key = {kind, name};
  owned.remote_id = remote_id;
  owned.scope_id = scope_id;
  owned.spec_fingerprint = std::move(fingerprint);
  owned.remote_status = std::move(remote_status);
  owned.validation_records = std::move(records);
  tree_.owned.push_back(std::move(owned));
  Count(kind);
}

void TreeBuilder::Count(manifests::Kind kind) { ++tree_.objects_per_kind[kind]; }

void TreeBuilder::AddFile(std::string path, std::string content) {
  if (IsManifest(path)) content = SchemaLine(path) + content;
  tree_.files.push_back({std::move(path), std::move(content)});
}

void TreeBuilder::AddAccounts(const RemoteSnapshot& snapshot) {
  YamlText yaml;
  yaml.Comment(kHeader);
  for (const auto& a : snapshot.accounts) {
    const std::string name = names_.Take(manifests::Kind::kAccount, "", a.account.id, Slug(a.account.name), "account");
    account_names_[a.account.id] = name;
    yaml.BeginDocument("Account", name);
    yaml.String(1, "id", a.account.id);
    yaml.String(1, "name", a.account.name);
    Count(manifests::Kind::kAccount);
  }
  AddFile("account.yaml", yaml.text());
}

void TreeBuilder::AddZones(const RemoteSnapshot& snapshot) {
  YamlText yaml;
  yaml.Comment(kHeader);
  for (const auto& z : snapshot.zones) {
    std::string wanted = z.zone.name;
    std::replace(wanted.begin(), wanted.end(), '.', '-');
    const std::string name = names_.Take(manifests::Kind::kZone, "", z.zone.id, Slug(wanted), "zone");
    zone_names_[z.zone.id] = name;
    yaml.BeginDocument("Zone", name);
    yaml.String(1, "name", z.zone.name);
    yaml.String(1, "account", account_names_.at(z.zone.account_id.value_or("")));
    yaml.String(1, "id", z.zone.id);
    Count(manifests::Kind::kZone);
  }
  AddFile("zones.yaml", yaml.text());
}

void TreeBuilder::AddMtlsCertificates(const AccountSnapshot& account) {
  if (account.mtls_certificates.empty()) return;
  const std::string& account_name = account_names_.at(account.account.id);
  const std::string dir = "mtls/" + account_name + "/";
  YamlText yaml;
  yaml.Comment(std::string(kHeader) + "\nmTLS certificates of account " + account.account.name + ".");
  for (const auto& c : account.mtls_certificates) {
    const std::string remote_name = c.name.value_or("");
    const std::string wanted = Slug(remote_name) == remote_name ? remote_name : Slug(remote_name);
    const std::string name = names_.Take(manifests::Kind::kMtlsCertificate, account.account.id, c.id, wanted,
                                         FirstCommonName(c.certificates));
    mtls_names_[c.id] = name;
    manifests::MtlsCertificate m;
    m.meta.name = name;
    m.account = account_name;
    m.ca = c.ca.value_or(false);
    m.certificate.pem = crypto::NormalizePem(c.certificates);
    const std::string pem_path = "certs/" + name + ".pem";
    AddFile(dir + pem_path, m.certificate.pem);
    yaml.BeginDocument("MTLSCertificate", name);
    yaml.String(1, "account", account_name);
    yaml.Bool(1, "ca", m.ca);
    yaml.Open(1, "certificate");
    yaml.String(2, "file", pem_path);
    if (!m.ca) {
      const std::string key_path = "keys/" + name + ".key";
      yaml.Comment("The private key is never exported: put it at " + key_path +
                       " (or use {env: VARIABLE}) before this certificate has to be uploaded again.",
                   1);
      yaml.Open(1, "privateKey");
      yaml.String(2, "file", key_path);
      tree_.supply.push_back(dir + key_path + ": the private key of MTLSCertificate " + name +
                             " (needed only to upload it again)");
    }
    if (remote_name != name) {
      tree_.notes.push_back("MTLSCertificate " + name + ": the API calls it \"" + remote_name +
                            "\", which is no valid metadata.name; it is matched by its certificate");
    }
    Own(manifests::Kind::kMtlsCertificate, name, c.id, account.account.id, reconcile::MtlsCertificateSpecFingerprint(m),
        "active");
  }
  AddFile(dir + "mtls-certificates.yaml", yaml.text());
}

void TreeBuilder::AddAssociations(const ZoneSnapshot& zone) {
  YamlText yaml;
  yaml.Comment(std::string(kHeader) + "\nHostname associations of zone " + zone.zone.name + ".");
  bool any = false;
  for (const auto& set : zone.associations) {
    auto certificate = mtls_names_.find(set.mtls_certificate_id);
    if (certificate == mtls_names_.end()) continue;
    const std::string name = names_.Take(manifests::Kind::kHostnameAssociation, zone.zone.id, set.mtls_certificate_id,
                                         Slug(ZoneName(zone) + "-" + certificate->second), "association");
    manifests::HostnameAssociation a;
    a.hostnames = reconcile::NormalizeHostSet(set.hostnames);
    yaml.BeginDocument("HostnameAssociation", name);
    yaml.String(1, "zone", ZoneName(zone));
    yaml.String(1, "mtlsCertificate", certificate->second);
    yaml.List(1, "hostnames", a.hostnames);
    Own(manifests::Kind::kHostnameAssociation, name, set.mtls_certificate_id, zone.zone.id,
        reconcile::HostnameAssociationSpecFingerprint(a), "active");
    any = true;
  }
  if (any) AddFile(ZoneDir(zone) + "/hostname-associations.yaml", yaml.text());
}

void TreeBuilder::AddUniversalSsl(const ZoneSnapshot& zone) {
  YamlText yaml;
  yaml.Comment(std::string(kHeader) + "\nUniversal SSL of zone " + zone.zone.name + " (a zone setting; not owned).");
  yaml.BeginDocument("UniversalSSL", ZoneName(zone));
  yaml.String(1, "zone", ZoneName(zone));
  yaml.Bool(1, "enabled", zone.universal_ssl_enabled);
  if (zone.automatic_mode) yaml.String(1, "automaticMode", *zone.automatic_mode);
  if (!zone.universal_ssl_enabled && packs_per_zone_[zone.zone.id] == 0) {
    yaml.Comment("It is off today and no advanced pack was imported for the zone: force keeps it off.", 1);
    yaml.Bool(1, "force", true);
  }
  Count(manifests::Kind::kUniversalSsl);
  AddFile(ZoneDir(zone) + "/universal-ssl.yaml", yaml.text());
}

}  // namespace edgecert::importer
