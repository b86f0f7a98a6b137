// Typed results and requests for accounts, zones and zone-wide SSL settings (Universal SSL,
// Automatic SSL/TLS mode) and ssl/analyze. Timestamps stay ISO 8601 strings as the API sends them;
// enum-like fields stay strings so a value newer than this code is carried, not rejected.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace edgecert::api {

struct Account {
  std::string id;    // required
  std::string name;  // required
};

struct Zone {
  std::string id;    // required
  std::string name;  // required
  std::optional<std::string> status;
  std::optional<std::string> account_id;
  std::optional<std::string> account_name;
  // What the caller may do in the zone ("#ssl:read", "#ssl:edit", ...), when the API says (the v4 zone
  // object carries it; it is not in the contract subset, see docs/api-client.md).
  std::vector<std::string> permissions;
};

// GET /user/tokens/verify: the calling API token's id and status ("active", "disabled", "expired").
struct TokenVerification {
  std::string id;      // required
  std::string status;  // required
  std::optional<std::string> expires_on;
};

struct UniversalSslSettings {
  std::optional<bool> enabled;
};

// GET/PATCH /zones/{zone_id}/settings/ssl_automatic_mode (seed 001).
struct AutomaticSslMode {
  std::string value;  // required: "auto" or "custom"
  std::optional<std::string> id;
  std::optional<bool> editable;
  std::optional<std::string> modified_on;
  std::optional<std::string> next_scheduled_scan;
};

struct AnalyzeCertificateRequest {
  std::string certificate;                  // PEM
  std::optional<std::string> bundle_method; // ubiquitous | optimal | force
};

// The analyze result is loosely specified ("unknown" in the reference); the common fields are read
// and the whole result is kept as JSON text.
struct CertificateAnalysis {
  std::vector<std::string> hosts;
  std::optional<std::string> issuer;
  std::optional<std::string> signature;
  std::optional<std::string> expires_on;
  std::optional<std::string> bundle_method;
  std::string raw_json;
};

}  // namespace edgecert::api
