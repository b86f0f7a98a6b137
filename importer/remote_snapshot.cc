#include "importer/remote_snapshot.h"

#include <algorithm>
#include <map>

#include "reconcile/kinds/certificate_pack_view.h"

namespace edgecert::importer {
namespace {

bool IsRevoked(const std::string& status) { return status == "revoked" || status == "pending_revocation"; }

Result<api::Account> FindAccount(const std::vector<api::Account>& accounts, const std::string& name_or_id) {
  for (const auto& a : accounts) {
    if (a.id == name_or_id || a.name == name_or_id) return a;
  }
  return NotFound("no account named \"" + name_or_id + "\" is visible to these credentials");
}

Status ReadZone(api::CloudflareClient& client, const std::vector<api::MtlsCertificate>& cas, ZoneSnapshot& out) {
  const std::string& id = out.zone.id;
  const std::string& apex = out.zone.name;
  auto packs = client.ListCertificatePacks(id);
  if (!packs.ok()) return packs.status().WithContext("list certificate packs of " + apex);
  for (auto& pack : *packs) {
    if (pack.type != "advanced" || reconcile::IsGone(pack.status)) {
      out.skipped.push_back("certificate pack " + pack.id + " (" + pack.type + ", " + pack.status + ")");
      continue;
    }
    out.packs.push_back(std::move(pack));
  }
  for (const auto& ca : cas) {
    auto set = client.GetHostnameAssociations(id, ca.id);
    if (!set.ok()) return set.status().WithContext("read hostname associations of " + apex);
    if (!set->hostnames.empty()) out.associations.push_back({ca.id, set->hostnames});
  }
  auto clients = client.ListClientCertificates(id);
  if (!clients.ok()) return clients.status().WithContext("list client certificates of " + apex);
  for (auto& c : *clients) {
    if (IsRevoked(c.status) || !c.csr || c.csr->empty()) {
      out.skipped.push_back("client certificate " + c.id + " (" + (c.csr ? c.status : "no CSR returned") + ")");
      continue;
    }
    out.client_certificates.push_back(std::move(c));
  }
  auto csrs = client.ListCustomCsrs(id);
  if (!csrs.ok()) return csrs.status().WithContext("list custom CSRs of " + apex);
  out.custom_csrs = std::move(csrs).value();
  auto hostnames = client.ListCustomHostnames(id);
  if (!hostnames.ok()) return hostnames.status().WithContext("list custom hostnames of " + apex);
  out.custom_hostnames = std::move(hostnames).value();
  auto universal = client.GetUniversalSslSettings(id);
  if (!universal.ok()) return universal.status().WithContext("read Universal SSL settings of " + apex);
  out.universal_ssl_enabled = universal->enabled.value_or(true);
  auto mode = client.GetAutomaticSslMode(id);
  if (mode.ok()) {
    out.automatic_mode = mode->value;
  } else if (mode.status().code() != StatusCode::kNotFound) {
    return mode.status().WithContext("read Automatic SSL/TLS mode of " + apex);
  }
  return Status::Ok();
}

}  // namespace

Result<RemoteSnapshot> ReadRemote(api::CloudflareClient& client, const ImportScope& scope) {
  auto accounts = client.ListAccounts();
  if (!accounts.ok()) return accounts.status().WithContext("list accounts");
  std::vector<api::Zone> zones;
  if (!scope.zones.empty()) {
    for (const auto& apex : scope.zones) {
      auto zone = client.ZoneByName(apex);
      if (!zone.ok()) return zone.status();
      zones.push_back(std::move(zone).value());
    }
  } else {
    auto account = FindAccount(*accounts, scope.account);
    if (!account.ok()) return account.status();
    auto listed = client.ListZones(account->id);
    if (!listed.ok()) return listed.status().WithContext("list zones of account " + account->name);
    zones = std::move(listed).value();
    if (zones.empty()) return NotFound("account \"" + account->name + "\" has no zone these credentials can see");
  }
  std::sort(zones.begin(), zones.end(), [](const api::Zone& a, const api::Zone& b) { return a.name < b.name; });
  zones.erase(
      std::unique(zones.begin(), zones.end(), [](const api::Zone& a, const api::Zone& b) { return a.id == b.id; }),
      zones.end());

  RemoteSnapshot snapshot;
  std::map<std::string, std::size_t> account_index;  // account id -> index in snapshot.accounts
  for (const auto& zone : zones) {
    if (!zone.account_id) return FailedPrecondition("the API did not say which account zone " + zone.name + " is in");
    if (account_index.count(*zone.account_id)) continue;
    auto account = FindAccount(*accounts, *zone.account_id);
    if (!account.ok()) return account.status();
    AccountSnapshot a{*account, {}};
    auto certificates = client.ListMtlsCertificates(account->id);
    if (!certificates.ok()) return certificates.status().WithContext("list mTLS certificates of " + account->name);
    a.mtls_certificates = std::move(certificates).value();
    account_index[account->id] = snapshot.accounts.size();
    snapshot.accounts.push_back(std::move(a));
  }
  for (const auto& zone : zones) {
    ZoneSnapshot z;
    z.zone = zone;
    std::vector<api::MtlsCertificate> cas;
    for (const auto& c : snapshot.accounts[account_index[*zone.account_id]].mtls_certificates) {
      if (c.ca.value_or(false)) cas.push_back(c);
    }
    if (Status s = ReadZone(client, cas, z); !s.ok()) return s;
    snapshot.zones.push_back(std::move(z));
  }
  std::sort(snapshot.accounts.begin(), snapshot.accounts.end(),
            [](const AccountSnapshot& a, const AccountSnapshot& b) { return a.account.name < b.account.name; });
  return snapshot;
}

}  // namespace edgecert::importer
