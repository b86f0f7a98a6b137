// RemoteSnapshot: everything `edgecert import` reads from the API for the zones and accounts it was
// asked for: every certificate pack, mTLS certificate, hostname association, client certificate,
// custom CSR, custom hostname and the Universal SSL settings, as the typed client returns them.
// Only list/get calls. Plain values; build with ReadRemote() from one thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/client/cloudflare_client.h"
#include "common/status.h"

namespace edgecert::importer {

// What to import: the named zones (their accounts come along, for mTLS certificates), or every zone
// of one account.
struct ImportScope {
  std::vector<std::string> zones;  // apexes
  std::string account;             // account name or id; used when `zones` is empty
};

// The hostnames associated to one mTLS CA certificate in a zone.
struct AssociationSet {
  std::string mtls_certificate_id;
  std::vector<std::string> hostnames;
};

struct ZoneSnapshot {
  api::Zone zone;
  std::vector<api::CertificatePack> packs;                  // advanced packs that are not gone
  std::vector<AssociationSet> associations;                 // non-empty sets only
  std::vector<api::ClientCertificate> client_certificates;  // not revoked
  std::vector<api::CustomCsr> custom_csrs;
  std::vector<api::CustomHostname> custom_hostnames;
  bool universal_ssl_enabled = true;
  std::optional<std::string> automatic_mode;  // nullopt when the API did not say
  std::vector<std::string> skipped;           // "pack 1234 (deleted)": seen but not imported, and why
};

struct AccountSnapshot {
  api::Account account;
  std::vector<api::MtlsCertificate> mtls_certificates;
};

struct RemoteSnapshot {
  std::vector<AccountSnapshot> accounts;  // sorted by name
  std::vector<ZoneSnapshot> zones;        // sorted by apex
};

// Reads the scope. Errors name the call that failed; nothing is written anywhere.
Result<RemoteSnapshot> ReadRemote(api::CloudflareClient& client, const ImportScope& scope);

}  // namespace edgecert::importer
