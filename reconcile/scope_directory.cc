#include "reconcile/scope_directory.h"

namespace edgecert::reconcile {

Result<std::string> ScopeDirectory::ZoneId(const manifests::DesiredState& desired, const std::string& zone) {
  const manifests::Zone* z = desired.FindZone(zone);
  if (z == nullptr) return NotFound("zone " + zone + " is not declared in the manifests");
  if (!z->id.empty()) return z->id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = zones_.find(z->apex); it != zones_.end()) return it->second;
  }
  // Looked up outside the lock: a slow lookup of one zone must not hold up the others.
  auto id = client_.ZoneIdByName(z->apex);
  if (!id.ok()) return id.status().WithContext("look up zone " + z->apex);
  std::lock_guard<std::mutex> lock(mu_);
  zones_[z->apex] = *id;
  return *id;
}

Result<std::string> ScopeDirectory::AccountId(const manifests::DesiredState& desired, const std::string& account) {
  const manifests::Account* a = desired.FindAccount(account);
  if (a == nullptr) return NotFound("account " + account + " is not declared in the manifests");
  if (!a->id.empty()) return a->id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = accounts_.find(a->account_name); it != accounts_.end()) return it->second;
  }
  auto id = client_.AccountIdByName(a->account_name);
  if (!id.ok()) return id.status().WithContext("look up account " + a->account_name);
  std::lock_guard<std::mutex> lock(mu_);
  accounts_[a->account_name] = *id;
  return *id;
}

}  // namespace edgecert::reconcile
