// ActualState: the remote state seen in one pass. Each (kind, scope) is listed once, all pages, and
// served to every object of that scope; a write invalidates its scope so the next read lists again.
// This is how a steady pass makes exactly one list call per zone and kind and no per-object GETs.
// Given a clock and a maximum age (the daemon), a read older than that is listed again, so objects of
// one scope re-checked together share one list while later re-checks always see newer state.
// Thread-safety: all methods are safe from several workers; a list in flight is not duplicated.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/client/cloudflare_client.h"
#include "common/clock.h"
#include "common/status.h"

namespace edgecert::reconcile {

class ActualState {
 public:
  explicit ActualState(api::CloudflareClient& client) : client_(client) {}
  // Reads older than `max_age` on `clock` are listed again (the controller's long-lived cache).
  ActualState(api::CloudflareClient& client, const Clock& clock, Clock::Duration max_age)
      : client_(client), clock_(&clock), max_age_(max_age) {}

  Result<std::vector<api::CertificatePack>> CertificatePacks(const std::string& zone_id);
  // The same list without a copy (large zones: every pack of a zone reads the one list).
  Result<std::shared_ptr<const std::vector<api::CertificatePack>>> SharedCertificatePacks(const std::string& zone_id);
  Result<std::vector<api::MtlsCertificate>> MtlsCertificates(const std::string& account_id);
  Result<api::HostnameAssociations> HostnameAssociations(const std::string& zone_id,
                                                         const std::string& mtls_certificate_id);
  Result<std::vector<api::ClientCertificate>> ClientCertificates(const std::string& zone_id);
  Result<std::vector<api::CustomCsr>> CustomCsrs(const std::string& zone_id);
  Result<std::vector<api::CustomHostname>> CustomHostnames(const std::string& zone_id);
  Result<std::vector<api::CustomCertificate>> CustomCertificates(const std::string& zone_id);
  Result<api::UniversalSslSettings> UniversalSsl(const std::string& zone_id);
  Result<api::AutomaticSslMode> AutomaticSslMode(const std::string& zone_id);

  // Drops what was read of one kind in one scope (after a write there), or everything (a new pass).
  // `kind` is the manifest kind name ("CertificatePack", "MTLSCertificate", "HostnameAssociation" (every
  // certificate's set in the zone), "ClientCertificate", "CustomCSR", "CustomHostname", "UniversalSSL"
  // (settings and automatic mode)) or "CustomCertificate"; `scope_id` the zone or account id.
  void Invalidate(const std::string& kind, const std::string& scope_id);
  void Clear();

  // Number of API reads made through this cache since construction (for tests and the benchmark).
  std::size_t reads() const;

 private:
  api::CloudflareClient& client_;
  const Clock* clock_ = nullptr;  // null: reads never expire (one pass)
  const Clock::Duration max_age_{0};
  // Implementation detail: a type-erased memo per (kind, scope).
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<void>> cache_;  // guarded by mu_
  std::size_t reads_ = 0;                                                        // guarded by mu_
};

}  // namespace edgecert::reconcile
