#include "reconcile/state/inventory_record.h"

#include <algorithm>
#include <cctype>

namespace edgecert::reconcile {

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
