// Typed results and requests for certificate packs, their quota and SSL verification
// (seed 001 and the 2024 schema). Statuses stay strings (21 pack statuses, more may come).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace edgecert::api {

// A record someone may have to create so the CA can validate a host.
struct ValidationRecord {
  std::optional<std::string> cname;
  std::optional<std::string> cname_target;
  std::vector<std::string> emails;
  std::optional<std::string> http_url;
  std::optional<std::string> http_body;
  std::optional<std::string> txt_name;
  std::optional<std::string> txt_value;
  std::optional<std::string> status;
};

struct PackCertificate {
  std::string id;  // required
  std::vector<std::string> hosts;
  std::optional<std::string> status;
  std::optional<std::string> issuer;
  std::optional<std::string> signature;
  std::optional<std::string> expires_on;
  std::optional<std::string> uploaded_on;
  std::optional<std::string> modified_on;
  std::optional<std::string> bundle_method;
};

struct CertificatePack {
  std::string id;                  // required
  std::string type;                // required: advanced, universal, ...
  std::vector<std::string> hosts;  // required
  std::string status;              // required
  std::optional<std::string> certificate_authority;
  std::optional<std::string> validation_method;
  std::optional<std::int64_t> validity_days;
  std::optional<bool> cloudflare_branding;
  std::optional<std::string> primary_certificate;
  std::vector<PackCertificate> certificates;
  std::vector<ValidationRecord> validation_records;
  std::vector<ValidationRecord> dcv_delegation_records;
  std::vector<std::string> validation_errors;
};

struct OrderCertificatePackRequest {
  std::vector<std::string> hosts;
  std::string validation_method;      // txt | http | email
  std::int64_t validity_days = 90;    // 14 | 30 | 90 | 365
  std::string certificate_authority;  // google | lets_encrypt | ssl_com
  std::optional<bool> cloudflare_branding;
};

// PATCH of a pack: an empty request restarts validation; cloudflare_branding updates the pack.
struct PatchCertificatePackRequest {
  std::optional<bool> cloudflare_branding;
};

struct CertificatePackQuota {
  std::optional<std::int64_t> advanced_allocated;
  std::optional<std::int64_t> advanced_used;
};

struct Verification {
  std::string certificate_status;  // required
  std::optional<std::string> cert_pack_uuid;
  std::optional<std::string> validation_method;
  std::optional<std::string> verification_type;
  std::optional<bool> verification_status;
  std::optional<bool> brand_check;
  std::optional<std::string> signature;
  std::optional<std::string> record_name;    // verification_info.record_name
  std::optional<std::string> record_target;  // verification_info.record_target
};

// Result of PATCH /zones/{zone_id}/ssl/verification/{certificate_pack_id}.
struct ValidationMethodChange {
  std::optional<std::string> status;
  std::optional<std::string> validation_method;
};

}  // namespace edgecert::api
