#include "importer/object_names.h"

#include <algorithm>
#include <cctype>

#include "reconcile/kinds/read_back.h"

namespace edgecert::importer {

std::string Slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '*') {
      out += "wildcard";
    } else if (std::isalnum(u) && u < 0x80) {
      out += static_cast<char>(std::tolower(u));
    } else if (c == '.' || c == '-') {
      out += c;
    } else {
      out += '-';
    }
  }
  // Runs of separators collapse; a name starts and ends with a letter or digit.
  std::string collapsed;
  for (char c : out) {
    const bool separator = c == '-' || c == '.';
    if (separator && (collapsed.empty() || collapsed.back() == '-' || collapsed.back() == '.')) continue;
    collapsed += c;
  }
  while (!collapsed.empty() && (collapsed.back() == '-' || collapsed.back() == '.')) collapsed.pop_back();
  if (collapsed.size() > 200) collapsed.resize(200);
  return collapsed;
}

std::string PackName(const std::vector<std::string>& hosts, std::string_view apex) {
  std::vector<std::string> sorted = reconcile::NormalizeHostSet(hosts);
  std::string chosen(apex);
  for (const auto& host : sorted) {
    if (host != apex) {
      chosen = host;
      break;
    }
  }
  std::replace(chosen.begin(), chosen.end(), '.', '-');
  return Slug(chosen);
}

bool NameBook::Free(manifests::Kind kind, const std::string& name) const {
  if (auto it = taken_.find(kind); it != taken_.end() && it->second.count(name)) return false;
  return std::none_of(owned_.begin(), owned_.end(),
                      [&](const reconcile::OwnedObject& o) { return o.key.kind == kind && o.key.name == name; });
}

std::string NameBook::Take(manifests::Kind kind, std::string_view scope_id, std::string_view remote_id,
                           std::string wanted, std::string_view fallback) {
  for (const auto& o : owned_) {
    if (o.key.kind == kind && o.remote_id == remote_id && o.scope_id == scope_id && !taken_[kind].count(o.key.name)) {
      taken_[kind].insert(o.key.name);
      return o.key.name;
    }
  }
  std::string base = wanted.empty() ? Slug(fallback) : std::move(wanted);
  if (base.empty()) base = Slug(std::string(manifests::KindName(kind)) + "-" + std::string(remote_id));
  std::string name = base;
  for (int i = 2; !Free(kind, name); ++i) name = base + "-" + std::to_string(i);
  taken_[kind].insert(name);
  return name;
}

}  // namespace edgecert::importer
