// Decodes manifest documents into typed objects: the envelope (apiVersion, kind, metadata) here, each
// kind's spec in spec_decoders.cc. Every problem becomes a Diagnostic; a document with problems still
// yields its object (so references to it resolve) but is listed in `incomplete`, and rules skip it.
// Not thread-safe; one per load.
#pragma once

#include <filesystem>
#include <set>
#include <utility>
#include <vector>

#include "manifests/field_reader.h"
#include "manifests/objects.h"
#include "manifests/yaml_tree.h"

namespace edgecert::manifests {

struct DecodedObjects {
  DesiredObjects objects;
  std::set<std::pair<Kind, std::size_t>> incomplete;  // (kind, index in its vector)

  bool Complete(Kind kind, std::size_t index) const { return incomplete.count({kind, index}) == 0; }
};

// A manifest file as diagnostics show it and relative to the manifests directory (what ownership records).
struct ManifestFileName {
  std::string display;
  std::string relative;
};

// Decodes one document of `file`.
void DecodeDocument(const YamlDocument& document, const ManifestFileName& file,
                    const std::filesystem::path& base_dir, std::size_t max_referenced_file_bytes,
                    DecodedObjects& out, std::vector<Diagnostic>& errors);

// The spec decoders, one per kind. `spec` reads the document's spec map; metadata is already filled in.
void DecodeAccountSpec(FieldReader& spec, Account& out);
void DecodeZoneSpec(FieldReader& spec, Zone& out);
void DecodeCertificatePackSpec(FieldReader& spec, CertificatePack& out);
void DecodeMtlsCertificateSpec(FieldReader& spec, MtlsCertificate& out);
void DecodeHostnameAssociationSpec(FieldReader& spec, HostnameAssociation& out);
void DecodeClientCertificateSpec(FieldReader& spec, ClientCertificate& out);
void DecodeCustomCsrSpec(FieldReader& spec, CustomCsr& out);
void DecodeCustomHostnameSpec(FieldReader& spec, CustomHostname& out);
void DecodeUniversalSslSpec(FieldReader& spec, UniversalSsl& out);

}  // namespace edgecert::manifests
