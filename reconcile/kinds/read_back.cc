#include "reconcile/kinds/read_back.h"

#include <algorithm>
#include <cctype>

namespace edgecert::reconcile {

std::string NormalizeHostname(std::string_view host) {
  while (!host.empty() && std::isspace(static_cast<unsigned char>(host.front()))) host.remove_prefix(1);
  while (!host.empty() && std::isspace(static_cast<unsigned char>(host.back()))) host.remove_suffix(1);
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  std::string out(host);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<std::string> NormalizeHostSet(const std::vector<std::string>& hosts) {
  std::vector<std::string> out;
  out.reserve(hosts.size());
  for (const auto& h : hosts) out.push_back(NormalizeHostname(h));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool SameHostSet(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return NormalizeHostSet(a) == NormalizeHostSet(b);
}

bool SameOptionalBool(std::optional<bool> a, std::optional<bool> b, bool default_value) {
  return a.value_or(default_value) == b.value_or(default_value);
}

std::string JoinHostSet(const std::vector<std::string>& hosts) {
  std::string out;
  for (const auto& h : NormalizeHostSet(hosts)) {
    if (!out.empty()) out += ',';
    out += h;
  }
  return out;
}

}  // namespace edgecert::reconcile
