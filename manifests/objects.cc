#include "manifests/objects.h"

#include <array>

namespace edgecert::manifests {
namespace {

constexpr std::array<std::string_view, kKindCount> kKindNames = {
    "Account",          "Zone",       "CertificatePack", "MTLSCertificate", "HostnameAssociation",
    "ClientCertificate", "CustomCSR", "CustomHostname",  "UniversalSSL",
};

}  // namespace

std::string_view KindName(Kind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<Kind> KindFromName(std::string_view name) {
  for (int i = 0; i < kKindCount; ++i) {
    if (kKindNames[i] == name) return static_cast<Kind>(i);
  }
  return std::nullopt;
}

std::string_view AdoptionPolicyName(AdoptionPolicy policy) {
  switch (policy) {
    case AdoptionPolicy::kIfEqual: return "IfEqual";
    case AdoptionPolicy::kUpdate: return "Update";
    case AdoptionPolicy::kReplace: return "Replace";
  }
  return "IfEqual";
}

SourceLocation ObjectMeta::At(std::string_view field) const {
  auto it = fields.find(field);
  if (it == fields.end()) return location;
  return SourceLocation{location.file, it->second.line, it->second.column};
}

}  // namespace edgecert::manifests
