// Typed results and requests for SSL for SaaS: custom CSRs (seed 000), custom hostnames and zone
// custom certificates. Private keys in requests are Secrets.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/client/types_certificate_pack.h"
#include "common/secret.h"

namespace edgecert::api {

struct CustomCsr {
  std::string id;           // required
  std::string common_name;  // required
  std::vector<std::string> sans;  // required
  std::string csr;          // required: PEM (JSON-escaped newlines already decoded)
  std::optional<std::string> country;
  std::optional<std::string> state;
  std::optional<std::string> locality;
  std::optional<std::string> organization;
  std::optional<std::string> organizational_unit;
  std::optional<std::string> key_type;  // rsa2048 | p256v1
};

struct CreateCustomCsrRequest {
  std::string country;
  std::string state;
  std::string locality;
  std::string organization;
  std::optional<std::string> organizational_unit;
  std::string common_name;
  std::vector<std::string> sans;
  std::optional<std::string> key_type;
};

struct CustomHostnameSsl {
  std::optional<std::string> id;
  std::optional<std::string> status;
  std::optional<std::string> method;
  std::optional<std::string> type;
  std::optional<std::string> certificate_authority;
  std::optional<std::string> bundle_method;
  std::optional<std::string> custom_csr_id;
  std::optional<bool> wildcard;
  std::optional<std::string> issuer;
  std::optional<std::string> serial_number;
  std::optional<std::string> signature;
  std::optional<std::string> uploaded_on;
  std::optional<std::string> expires_on;
  std::vector<std::string> hosts;
  std::vector<ValidationRecord> validation_records;
  std::vector<std::string> validation_errors;
};

struct CustomHostname {
  std::string id;        // required
  std::string hostname;  // required
  std::optional<CustomHostnameSsl> ssl;  // required key, may be null
  std::optional<std::string> status;
  std::optional<std::string> custom_origin_server;
  std::optional<std::string> custom_origin_sni;
  std::map<std::string, std::string> custom_metadata;
  std::optional<std::string> ownership_txt_name;   // ownership_verification.name
  std::optional<std::string> ownership_txt_value;  // ownership_verification.value
  std::optional<std::string> ownership_http_url;
  std::optional<std::string> ownership_http_body;
  std::vector<std::string> verification_errors;
  std::optional<std::string> created_at;
};

struct CustomHostnameSslRequest {
  std::optional<std::string> method;  // http | txt | email
  std::optional<std::string> type;    // dv
  std::optional<std::string> certificate_authority;
  std::optional<std::string> bundle_method;
  std::optional<bool> wildcard;
  std::optional<std::string> custom_certificate;  // PEM, with custom_csr_id or custom_key
  std::optional<std::string> custom_csr_id;
  std::optional<Secret> custom_key;
  std::optional<std::string> min_tls_version;  // settings.min_tls_version
};

struct CreateCustomHostnameRequest {
  std::string hostname;
  CustomHostnameSslRequest ssl;
  std::map<std::string, std::string> custom_metadata;
};

struct PatchCustomHostnameRequest {
  std::optional<CustomHostnameSslRequest> ssl;
  std::optional<std::string> custom_origin_server;
  std::optional<std::string> custom_origin_sni;
  std::optional<std::map<std::string, std::string>> custom_metadata;
};

struct CustomCertificate {
  std::string id;      // required
  std::string status;  // required
  std::vector<std::string> hosts;
  std::optional<std::string> issuer;
  std::optional<std::string> signature;
  std::optional<std::string> bundle_method;
  std::optional<std::string> zone_id;
  std::optional<std::string> uploaded_on;
  std::optional<std::string> modified_on;
  std::optional<std::string> expires_on;
  std::optional<std::int64_t> priority;
};

struct CreateCustomCertificateRequest {
  std::string certificate;  // PEM
  Secret private_key;
  std::optional<std::string> bundle_method;
  std::optional<std::string> type;  // legacy_custom | sni_custom
};

}  // namespace edgecert::api
