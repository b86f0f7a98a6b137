// TreeBuilder: the state of one BuildImportedTree() call, shared by the files that write each group of
// kinds (imported_tree.cc: accounts, zones, mTLS, associations, Universal SSL; zone_objects.cc: packs,
// client certificates, custom CSRs and hostnames). Internal to the importer library.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "importer/imported_tree.h"
#include "importer/object_names.h"
#include "importer/yaml_text.h"
#include "manifests/objects.h"

namespace edgecert::importer {

class TreeBuilder {
 public:
  explicit TreeBuilder(std::vector<reconcile::OwnedObject> inventory) : names_(std::move(inventory)) {}

  ImportedTree Build(const RemoteSnapshot& snapshot);

 private:
  void AddAccounts(const RemoteSnapshot& snapshot);
  void AddZones(const RemoteSnapshot& snapshot);
  void AddMtlsCertificates(const AccountSnapshot& account);
  void AddAssociations(const ZoneSnapshot& zone);
  void AddUniversalSsl(const ZoneSnapshot& zone);
  void AddPacks(const ZoneSnapshot& zone);
  void AddClientCertificates(const ZoneSnapshot& zone);
  void AddCustomCsrs(const ZoneSnapshot& zone);
  void AddCustomHostnames(const ZoneSnapshot& zone);

  // Records `name` of `kind` as owned, and counts the object.
  void Own(manifests::Kind kind, const std::string& name, const std::string& remote_id, const std::string& scope_id,
           std::string fingerprint, std::string remote_status, std::vector<reconcile::ValidationRecord> records = {});
  void Count(manifests::Kind kind);
  void AddFile(std::string path, std::string content);
  // The zone's directory ("example.com") and its manifest name ("example-com").
  std::string ZoneDir(const ZoneSnapshot& zone) const { return zone.zone.name; }
  const std::string& ZoneName(const ZoneSnapshot& zone) const { return zone_names_.at(zone.zone.id); }

  NameBook names_;
  ImportedTree tree_;
  std::map<std::string, std::string> account_names_;  // account id -> Account name
  std::map<std::string, std::string> zone_names_;     // zone id -> Zone name
  std::map<std::string, std::string> mtls_names_;     // certificate id -> MTLSCertificate name
  std::map<std::string, std::string> csr_names_;      // CSR id -> CustomCSR name
  std::map<std::string, int> packs_per_zone_;         // zone id -> packs imported
};

}  // namespace edgecert::importer
