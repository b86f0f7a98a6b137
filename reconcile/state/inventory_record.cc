#include "reconcile/state/inventory_record.h"

#include <algorithm>
#include <cctype>

namespace edgecert::reconcile {

std::strong_ordering ObjectKey::operator<=>(const ObjectKey& other) const {
  if (kind != other.kind) return manifests::KindName(kind) <=> manifests::KindName(other.kind);
  return name <=> other.name;
}

std::string ObjectKey::ToString() const {
  std::string out(manifests::KindName(kind));
  out += '/';
  out += name;
  return out;
}

Result<manifests::Kind> ParseKindName(std::string_view name) {
  if (auto kind = manifests::KindFromName(name)) return *kind;
  std::string known;
  for (const manifests::KindFacts& facts : manifests::kKindTable) {
    if (!manifests::IsReconciled(facts.kind)) continue;
    known += known.empty() ? "" : ", ";
    known += facts.name;
  }
  return FailedPrecondition("unknown kind \"" + std::string(name) + "\" (this edgecert knows " + known + ")");
}

std::string MatchKeyForHosts(std::vector<std::string> hosts) {
  for (std::string& host : hosts) {
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  }
  std::sort(hosts.begin(), hosts.end());
  hosts.erase(std::unique(hosts.begin(), hosts.end()), hosts.end());
  std::string key;
  for (const std::string& host : hosts) {
    if (!key.empty()) key += ',';
    key += host;
  }
  return key;
}

}  // namespace edgecert::reconcile
