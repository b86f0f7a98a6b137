#include "manifests/objects.h"

namespace edgecert::manifests {
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
