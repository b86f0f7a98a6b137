// EmulatorState: every object the emulator holds, the seeded id source and the change history.
// Not thread-safe by itself: the Emulator owns the one mutex that guards it.
#pragma once

#include <cpprest/json.h>

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/secret.h"
#include "crypto/x509.h"

namespace edgecert::emulator {

using TimePoint = Clock::TimePoint;

struct CertificatePack {
  std::string id;
  std::string zone_id;
  std::vector<std::string> hosts;  // as read back: sorted, apex first
  std::string validation_method;
  std::string certificate_authority;
  int validity_days = 90;
  std::optional<bool> cloudflare_branding;
  std::vector<std::string> validation_tokens;  // one per host, same order
  std::vector<std::string> certificate_ids;    // the ECDSA and RSA certificate of the pack
  TimePoint created_at;
  TimePoint modified_on;
  TimePoint validation_started_at;  // moved by a restart
  int validation_attempt = 1;
  bool times_out = false;  // fixed when the attempt starts, from the validation-timeout faults
};

struct MtlsCertificate {
  std::string id;
  std::string account_id;
  std::string name;
  bool ca = false;
  std::string certificates;
  Secret private_key;
  std::string issuer;
  std::string serial_number;
  std::string signature;
  TimePoint expires_on;
  TimePoint uploaded_on;
};

struct ClientCertificate {
  std::string id;
  std::string zone_id;
  std::string csr;
  std::string certificate;
  std::string common_name, country, state, location, organization, organizational_unit;
  std::string serial_number;
  std::string signature;
  std::string ski;
  std::string fingerprint_sha256;
  int validity_days = 0;
  TimePoint issued_on;
  TimePoint expires_on;
  std::string target_status = "active";  // "active" or "revoked"
  std::optional<TimePoint> transition_started_at;  // a revocation or reactivation in progress since
};

struct CustomCsr {
  std::string id;
  std::string zone_id;
  std::string country, state, locality, organization, organizational_unit, common_name;
  std::vector<std::string> sans;
  std::string key_type;
  std::string csr;
  Secret private_key;
  std::string public_key_sha256;
  TimePoint created_at;
};

struct CustomHostname {
  std::string id;
  std::string zone_id;
  std::string hostname;
  web::json::value ssl_request;  // the ssl object as given (without custom_key)
  std::string ssl_id;
  std::string method = "http";
  std::string custom_csr_id;
  std::string custom_certificate;
  Secret custom_key;
  std::string certificate_issuer, certificate_serial, certificate_signature;
  std::optional<TimePoint> certificate_expires_on;
  web::json::value custom_metadata;
  std::string custom_origin_server;
  std::string custom_origin_sni;
  std::string ownership_token;
  std::string validation_token;
  TimePoint created_at;
  TimePoint ssl_started_at;
  bool times_out = false;
};

struct CustomCertificate {
  std::string id;
  std::string zone_id;
  std::string certificate;
  Secret private_key;
  std::string bundle_method = "ubiquitous";
  std::string type = "legacy_custom";
  web::json::value geo_restrictions;
  std::string policy;
  std::vector<std::string> hosts;
  std::string issuer;
  std::string signature;
  TimePoint expires_on;
  TimePoint uploaded_on;
  TimePoint modified_on;
  int priority = 20;
};

// A zone's DNS record (TXT or CNAME: what DCV needs); name lowercase without the trailing dot.
struct DnsRecord {
  std::string id;
  std::string zone_id;
  std::string type;
  std::string name;
  std::string content;
  long long ttl = 1;
  std::string comment;
  TimePoint created_on;
};

struct ZoneSettings {
  bool universal_ssl_enabled = true;
  std::string automatic_mode = "auto";
  std::optional<TimePoint> automatic_mode_modified_on;
};

// One change of one object, stamped with emulator time.
struct HistoryEntry {
  std::uint64_t seq = 0;
  TimePoint at;
  std::string credential;
  std::string user_agent;  // of the request that made the change: names an edgecert instance
  std::string kind;    // "certificate_pack", "mtls_certificate", ...
  std::string action;  // "create", "update", "delete"
  std::string id;
  std::string scope_id;  // zone or account id
  web::json::value object;  // the object as the API read it back right after the change
};

struct EmulatorState {
  explicit EmulatorState(std::uint64_t seed) : rng(seed) {}

  // 32 lowercase hex characters from the seeded generator.
  std::string NewId();
  // A 36-character UUID (version 4 layout, 8-4-4-4-12) from the seeded generator: the contract's id of
  // custom hostnames and of their ssl objects.
  std::string NewUuid();
  // A lowercase hex token of `length` characters from the seeded generator.
  std::string NewToken(std::size_t length);
  // Appends a change to the history; returns its sequence number.
  std::uint64_t Record(TimePoint at, const std::string& credential, std::string kind, std::string action,
                       std::string id, std::string scope_id, web::json::value object);

  std::mt19937_64 rng;
  std::map<std::string, CertificatePack> packs;                 // by id
  std::map<std::string, MtlsCertificate> mtls_certificates;     // by id
  // zone id -> mTLS certificate id ("" for the Cloudflare managed CA) -> hostnames
  std::map<std::string, std::map<std::string, std::vector<std::string>>> hostname_associations;
  std::map<std::string, ClientCertificate> client_certificates;  // by id
  std::map<std::string, CustomCsr> custom_csrs;                  // by id
  std::map<std::string, CustomHostname> custom_hostnames;        // by id
  std::map<std::string, CustomCertificate> custom_certificates;  // by id
  std::map<std::string, ZoneSettings> zone_settings;             // by zone id
  std::map<std::string, DnsRecord> dns_records;                  // by id
  std::optional<crypto::CertificateAuthority> managed_ca;        // created on first use (key generation is slow)
  std::uint64_t next_serial = 1000;                              // client certificate serials
  std::vector<HistoryEntry> history;
  std::uint64_t next_seq = 1;
};

}  // namespace edgecert::emulator
