// ActualState: the remote state seen in one pass. Each (kind, scope) is listed once, all pages, and
// served to every object of that scope. A write of a certificate pack puts what the API answered into
// the cached list (a burst of orders in a zone lists it once); other writes invalidate their scope.
// This is how a steady pass makes exactly one list call per zone and kind and no per-object GETs.
// Given a clock (the daemon), RequireSince(t) (t monotonic) makes every list read before t stale, so objects of one
// zone polled together at t share one list while later polls always see newer state.
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
#include "manifests/kind.h"

namespace edgecert::reconcile {

class ActualState {
 public:
  explicit ActualState(api::CloudflareClient& client) : client_(client) {}
  // Reads made before the last RequireSince() are listed again (the controller's long-lived cache); so
  // are reads older than `max_age` when it is not zero.
  ActualState(api::CloudflareClient& client, const Clock& clock, Clock::Duration max_age = Clock::Duration::zero())
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
  // `kind` HostnameAssociation drops every certificate's set in the zone, UniversalSSL the settings and
  // the automatic mode; `scope_id` is the zone or account id.
  void Invalidate(manifests::Kind kind, const std::string& scope_id);
  void Clear();
  // Lists read before `since` are stale: the next read of each scope lists again. Never moves back.
  // Without a clock nothing records when a list was read, so this clears everything.
  void RequireSince(Clock::MonoTime since);

  // Write-through after a successful write in `zone_id`: the pack the API answered replaces the one
  // with its id in the cached list (or joins it); Erase drops it. Nothing happens when the zone's list
  // is not cached (the next read lists it anyway).
  void PutCertificatePack(const std::string& zone_id, const api::CertificatePack& pack);
  void EraseCertificatePack(const std::string& zone_id, const std::string& pack_id);

  // Number of API reads made through this cache since construction (for tests and the benchmark).
  std::size_t reads() const;

 private:
  api::CloudflareClient& client_;
  const Clock* clock_ = nullptr;  // null: reads never expire (one pass)
  const Clock::Duration max_age_{0};  // zero: no age limit
  // Implementation detail: a type-erased memo per (kind, scope).
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<void>> cache_;  // guarded by mu_
  std::size_t reads_ = 0;                                                        // guarded by mu_
  Clock::MonoTime since_{};                                                      // guarded by mu_
};

}  // namespace edgecert::reconcile
