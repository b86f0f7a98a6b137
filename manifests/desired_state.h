// DesiredState: the immutable snapshot of one successful manifest load. Objects are sorted by name within
// each kind; the content hash is SHA-256 over a canonical serialization of every object (defaults
// applied, source positions, file layout, YAML formatting and document order left out), so it changes
// exactly when some desired value changes. Thread-safety: immutable after construction; share freely
// (the loader hands it out as shared_ptr<const DesiredState>).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "manifests/objects.h"

namespace edgecert::manifests {

class DesiredState {
 public:
  // `manifest_files`: every manifest file the load read, relative to the manifests directory (files
  // that hold no object included).
  explicit DesiredState(DesiredObjects objects, std::vector<std::string> manifest_files = {});

  const std::vector<Account>& accounts() const { return objects_.accounts; }
  const std::vector<Zone>& zones() const { return objects_.zones; }
  const std::vector<CertificatePack>& certificate_packs() const { return objects_.certificate_packs; }
  const std::vector<MtlsCertificate>& mtls_certificates() const { return objects_.mtls_certificates; }
  const std::vector<HostnameAssociation>& hostname_associations() const { return objects_.hostname_associations; }
  const std::vector<ClientCertificate>& client_certificates() const { return objects_.client_certificates; }
  const std::vector<CustomCsr>& custom_csrs() const { return objects_.custom_csrs; }
  const std::vector<CustomHostname>& custom_hostnames() const { return objects_.custom_hostnames; }
  const std::vector<UniversalSsl>& universal_ssls() const { return objects_.universal_ssls; }

  // Lookups by metadata.name; null when absent.
  const Account* FindAccount(std::string_view name) const;
  const Zone* FindZone(std::string_view name) const;
  const MtlsCertificate* FindMtlsCertificate(std::string_view name) const;
  const CustomCsr* FindCustomCsr(std::string_view name) const;

  // The metadata of any object by kind and name; null when absent.
  const ObjectMeta* FindMeta(Kind kind, std::string_view name) const;
  // Manifest files (relative to the manifests directory) that were read but hold no object, sorted.
  std::vector<std::string> FilesWithoutObjects() const;

  std::size_t CountOf(Kind kind) const;
  std::size_t size() const;
  // Names of the objects of one kind, sorted.
  std::vector<std::string> NamesOf(Kind kind) const;

  // Lowercase hex SHA-256 of the canonical serialization.
  const std::string& hash() const { return hash_; }

 private:
  DesiredObjects objects_;
  std::vector<std::string> manifest_files_;
  std::string hash_;
};

}  // namespace edgecert::manifests
