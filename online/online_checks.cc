#include "online/online_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "crypto/x509.h"
#include "reconcile/kinds/certificate_pack_view.h"
#include "reconcile/state/inventory_record.h"

namespace edgecert::online {
namespace {

using Severity = Finding::Severity;

void Add(std::vector<Finding>& out, Severity severity, std::string object, std::string message) {
  out.push_back({severity, std::move(object), std::move(message)});
}

std::string CertificateFingerprint(const std::string& pem) {
  auto info = crypto::ParseCertificate(pem);
  return info.ok() ? info->fingerprint_sha256 : std::string();
}

// Account name -> id, for every Account of the manifests that exists.
std::map<std::string, std::string> CheckAccounts(api::CloudflareClient& client, const manifests::DesiredState& desired,
                                                 std::vector<Finding>& out) {
  std::map<std::string, std::string> ids;
  auto accounts = client.ListAccounts();
  if (!accounts.ok()) {
    Add(out, Severity::kError, "accounts", "cannot list accounts: " + accounts.status().message());
    return ids;
  }
  for (const auto& a : desired.accounts()) {
    const std::string object = "Account/" + a.meta.name;
    const api::Account* found = nullptr;
    for (const auto& remote : *accounts) {
      if ((!a.id.empty() && remote.id == a.id) || (a.id.empty() && remote.name == a.account_name)) found = &remote;
    }
    if (found == nullptr) {
      Add(out, Severity::kError, object,
          "no account " + (a.id.empty() ? "named \"" + a.account_name + "\"" : "with id " + a.id) +
              " is visible to these credentials");
    } else if (!a.id.empty() && !a.account_name.empty() && found->name != a.account_name) {
      Add(out, Severity::kError, object,
          "account " + a.id + " is named \"" + found->name + "\", not \"" + a.account_name + "\"");
    } else {
      ids[a.meta.name] = found->id;
      Add(out, Severity::kOk, object, "exists (" + found->id + ")");
    }
  }
  return ids;
}

// Zone name -> id, for every Zone of the manifests that exists.
std::map<std::string, std::string> CheckZones(api::CloudflareClient& client, const manifests::DesiredState& desired,
                                              const std::map<std::string, std::string>& account_ids,
                                              std::vector<Finding>& out) {
  std::map<std::string, std::string> ids;
  for (const auto& z : desired.zones()) {
    const std::string object = "Zone/" + z.meta.name;
    auto zone = client.ZoneByName(z.apex);
    if (!zone.ok()) {
      Add(out, Severity::kError, object, zone.status().message());
      continue;
    }
    if (!z.id.empty() && zone->id != z.id) {
      Add(out, Severity::kError, object, "zone " + z.apex + " has id " + zone->id + ", the manifest says " + z.id);
      continue;
    }
    auto account = account_ids.find(z.account);
    if (account != account_ids.end() && zone->account_id && *zone->account_id != account->second) {
      Add(out, Severity::kError, object,
          "zone " + z.apex + " is in account " + zone->account_name.value_or(*zone->account_id) + ", not in Account " +
              z.account);
      continue;
    }
    ids[z.meta.name] = zone->id;
    const auto& p = zone->permissions;
    if (p.empty()) {
      Add(out, Severity::kWarning, object, "readable; the API did not say whether these credentials may edit its SSL");
    } else if (std::find(p.begin(), p.end(), "#ssl:edit") == p.end()) {
      Add(out, Severity::kError, object,
          "these credentials can read zone " + z.apex +
              " but not edit its SSL (#ssl:edit): plan works, apply would fail");
    } else {
      Add(out, Severity::kOk, object, "exists (" + zone->id + "); these credentials can read and edit its SSL");
    }
  }
  return ids;
}

void CheckCustomCertificates(api::CloudflareClient& client, const manifests::DesiredState& desired,
                             const std::map<std::string, std::string>& zone_ids, std::vector<Finding>& out) {
  for (const auto& h : desired.custom_hostnames()) {
    auto zone = zone_ids.find(h.zone);
    if (!h.ssl.custom_certificate || zone == zone_ids.end()) continue;
    const std::string object = "CustomHostname/" + h.meta.name;
    api::AnalyzeCertificateRequest request;
    request.certificate = h.ssl.custom_certificate->pem;
    request.bundle_method = h.ssl.bundle_method;
    auto analysis = client.AnalyzeCertificate(zone->second, request);
    if (!analysis.ok()) {
      Add(out, Severity::kError, object,
          "ssl/analyze refuses the custom certificate (bundle " + h.ssl.bundle_method +
              "): " + analysis.status().message());
    } else {
      Add(out, Severity::kOk, object,
          "ssl/analyze takes the custom certificate (bundle " + analysis->bundle_method.value_or(h.ssl.bundle_method) +
              ")");
    }
  }
}

void CheckMtlsCas(api::CloudflareClient& client, const manifests::DesiredState& desired,
                  const std::map<std::string, std::string>& account_ids, std::vector<Finding>& out) {
  for (const auto& [account, account_id] : account_ids) {
    std::set<std::string> wanted;  // fingerprints of the manifests' CAs in this account
    for (const auto& m : desired.mtls_certificates()) {
      if (m.account == account && m.ca) wanted.insert(CertificateFingerprint(m.certificate.pem));
    }
    if (wanted.empty()) continue;
    auto remote = client.ListMtlsCertificates(account_id);
    const std::string object = "Account/" + account;
    if (!remote.ok()) {
      Add(out, Severity::kError, object, "cannot list mTLS certificates: " + remote.status().message());
      continue;
    }
    int others = 0;
    for (const auto& c : *remote) {
      if (c.ca.value_or(false) && !wanted.count(CertificateFingerprint(c.certificates))) ++others;
    }
    const int total = others + static_cast<int>(wanted.size());
    Add(out, total > kMaxCasPerAccount ? Severity::kError : Severity::kOk, object,
        std::to_string(wanted.size()) + " CA certificate(s) in the manifests + " + std::to_string(others) +
            " other(s) already uploaded = " + std::to_string(total) + " (at most " + std::to_string(kMaxCasPerAccount) +
            " per account)");
  }
}

std::map<std::string, std::string> ZoneIds(api::CloudflareClient& client, const manifests::DesiredState& desired) {
  std::map<std::string, std::string> ids;
  for (const auto& z : desired.zones()) {
    if (!z.id.empty()) {
      ids[z.meta.name] = z.id;
    } else if (auto id = client.ZoneIdByName(z.apex); id.ok()) {
      ids[z.meta.name] = *id;
    }
  }
  return ids;
}

std::vector<Finding> QuotaFindings(api::CloudflareClient& client, const manifests::DesiredState& desired,
                                   const std::map<std::string, std::string>& zone_ids) {
  std::vector<Finding> out;
  for (const auto& [zone, zone_id] : zone_ids) {
    std::vector<const manifests::CertificatePack*> packs;
    for (const auto& p : desired.certificate_packs()) {
      if (p.zone == zone) packs.push_back(&p);
    }
    if (packs.empty()) continue;
    const std::string object = "Zone/" + zone;
    auto remote = client.ListCertificatePacks(zone_id);
    if (!remote.ok()) {
      Add(out, Severity::kError, object, "cannot list certificate packs: " + remote.status().message());
      continue;
    }
    std::set<std::string> existing;  // host sets of advanced packs that are not gone
    for (const auto& r : *remote) {
      if (r.type == "advanced" && !reconcile::IsGone(r.status)) existing.insert(reconcile::MatchKeyForHosts(r.hosts));
    }
    int adds = 0;
    for (const auto* p : packs) adds += existing.count(reconcile::MatchKeyForHosts(p->hosts)) ? 0 : 1;
    if (adds == 0) continue;
    auto quota = client.GetCertificatePackQuota(zone_id);
    if (!quota.ok()) {
      Add(out, Severity::kError, object, "cannot read the certificate pack quota: " + quota.status().message());
      continue;
    }
    if (!quota->advanced_allocated) continue;  // no quota reported: not limited
    const auto used = quota->advanced_used.value_or(0);
    const auto free = *quota->advanced_allocated - used;
    Add(out, adds > free ? Severity::kError : Severity::kOk, object,
        "the manifests add " + std::to_string(adds) + " advanced pack(s); the quota has " + std::to_string(free) +
            " free (" + std::to_string(used) + " of " + std::to_string(*quota->advanced_allocated) + " used)");
  }
  return out;
}

}  // namespace

bool OnlineReport::ok() const { return Count(Severity::kError) == 0; }

int OnlineReport::Count(Finding::Severity severity) const {
  return static_cast<int>(
      std::count_if(findings.begin(), findings.end(), [severity](const Finding& f) { return f.severity == severity; }));
}

std::vector<Finding> CheckPackQuota(api::CloudflareClient& client, const manifests::DesiredState& desired) {
  return QuotaFindings(client, desired, ZoneIds(client, desired));
}

OnlineReport CheckOnline(api::CloudflareClient& client, const manifests::DesiredState& desired,
                         const OnlineOptions& options) {
  OnlineReport report;
  auto& out = report.findings;
  if (options.verify_token) {
    auto token = client.VerifyToken();
    if (!token.ok()) {
      Add(out, Severity::kError, "credentials", "the API token does not verify: " + token.status().message());
    } else if (token->status != "active") {
      Add(out, Severity::kError, "credentials", "the API token is " + token->status);
    } else {
      Add(out, Severity::kOk, "credentials", "the API token is active");
    }
  }
  const auto account_ids = CheckAccounts(client, desired, out);
  const auto zone_ids = CheckZones(client, desired, account_ids, out);
  for (auto& f : QuotaFindings(client, desired, zone_ids)) out.push_back(std::move(f));
  CheckCustomCertificates(client, desired, zone_ids, out);
  CheckMtlsCas(client, desired, account_ids, out);
  return report;
}

}  // namespace edgecert::online
