// Online checks of a desired state (`edgecert validate --online`, and the quota warning of `plan`):
// read-only questions only the API can answer. Do the accounts and zones exist, in the accounts the
// manifests say; can the credentials edit the zones' SSL; is the token valid; does each zone's
// advanced-pack quota cover the packs the manifests would add; does the API take every custom
// certificate with its bundle method (ssl/analyze); do the mTLS CAs of an account stay under the limit.
// Only GET calls and ssl/analyze (a read). Thread-safety: one call at a time per client is not required.
#pragma once

#include <string>
#include <vector>

#include "api/client/cloudflare_client.h"
#include "manifests/desired_state.h"

namespace edgecert::online {

inline constexpr int kMaxCasPerAccount = 5;

struct Finding {
  enum class Severity { kError, kWarning, kOk };
  Severity severity = Severity::kOk;
  std::string object;   // "Zone/example-com", "Account/main", "credentials"
  std::string message;  // never holds a secret
};

struct OnlineReport {
  std::vector<Finding> findings;  // in check order
  bool ok() const;                // no kError
  int Count(Finding::Severity severity) const;
};

struct OnlineOptions {
  bool verify_token = true;  // false for an API key (X-Auth-Key): it cannot be verified as a token
};

OnlineReport CheckOnline(api::CloudflareClient& client, const manifests::DesiredState& desired,
                         const OnlineOptions& options);

// The pack-quota part alone: one finding per zone of the manifests whose packs would be ordered, an
// error when the zone's free quota is smaller than the packs the manifests add (plan prints it as a
// warning). Zones whose ids cannot be found are skipped (the rest of the checks name them).
std::vector<Finding> CheckPackQuota(api::CloudflareClient& client, const manifests::DesiredState& desired);

}  // namespace edgecert::online
