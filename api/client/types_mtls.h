// Typed results and requests for account mTLS certificates (BYO CA, seed 002/004), their service
// associations, zone hostname associations and API Shield client certificates (seed 003).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/secret.h"

namespace edgecert::api {

struct MtlsCertificate {
  std::string id;            // required
  std::string certificates;  // required: PEM
  std::optional<bool> ca;
  std::optional<std::string> name;
  std::optional<std::string> issuer;
  std::optional<std::string> serial_number;
  std::optional<std::string> signature;
  std::optional<std::string> expires_on;
  std::optional<std::string> uploaded_on;
};

struct UploadMtlsCertificateRequest {
  std::string certificates;  // PEM
  bool ca = true;
  std::optional<std::string> name;
  std::optional<Secret> private_key;  // leaf certificates only
};

struct MtlsAssociation {
  std::string service;  // required
  std::optional<std::string> status;
};

struct HostnameAssociations {
  std::vector<std::string> hostnames;
};

struct PutHostnameAssociationsRequest {
  std::vector<std::string> hostnames;
  // Absent: the zone's Cloudflare-managed CA.
  std::optional<std::string> mtls_certificate_id;
};

struct ClientCertificate {
  std::string id;      // required
  std::string status;  // required: active | pending_reactivation | pending_revocation | revoked
  std::optional<std::string> certificate;
  std::optional<std::string> csr;
  std::optional<std::string> common_name;
  std::optional<std::string> country;
  std::optional<std::string> state;
  std::optional<std::string> location;
  std::optional<std::string> organization;
  std::optional<std::string> organizational_unit;
  std::optional<std::string> fingerprint_sha256;
  std::optional<std::string> serial_number;
  std::optional<std::string> signature;
  std::optional<std::string> ski;
  std::optional<std::string> issued_on;
  std::optional<std::string> expires_on;
  std::optional<std::int64_t> validity_days;
  std::optional<std::string> certificate_authority_id;
  std::optional<std::string> certificate_authority_name;
};

struct CreateClientCertificateRequest {
  std::string csr;  // PEM
  std::int64_t validity_days = 3650;
};

}  // namespace edgecert::api
