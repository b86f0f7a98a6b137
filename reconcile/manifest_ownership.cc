#include "reconcile/manifest_ownership.h"

#include <algorithm>
#include <map>
#include <string>

#include "reconcile/planner.h"

namespace edgecert::reconcile {

bool RecordManifestFacts(const manifests::DesiredState& desired, OwnedObject& owned) {
  const manifests::ObjectMeta* meta = desired.FindMeta(owned.key.kind, owned.key.name);
  if (meta == nullptr) return false;
  const bool orphan = DesiredDeletionPolicy(desired, owned.key) == manifests::DeletionPolicy::kOrphan;
  if (owned.orphan == orphan && owned.manifest_file == meta->manifest_file) return false;
  owned.orphan = orphan;
  owned.manifest_file = meta->manifest_file;
  return true;
}

std::vector<manifests::Diagnostic> CheckEmptiedManifestFiles(const manifests::DesiredState& desired,
                                                             const Inventory& inventory,
                                                             const std::filesystem::path& manifest_dir) {
  const std::vector<std::string> empty = desired.FilesWithoutObjects();
  if (empty.empty()) return {};
  std::map<std::string, std::vector<std::string>> owned_by_file;
  for (const OwnedObject& o : inventory.Objects()) {
    if (std::binary_search(empty.begin(), empty.end(), o.manifest_file)) {
      owned_by_file[o.manifest_file].push_back(o.key.ToString());
    }
  }
  std::vector<manifests::Diagnostic> errors;
  for (const auto& [file, keys] : owned_by_file) {
    std::string list;
    for (const std::string& key : keys) list += (list.empty() ? "" : ", ") + key;
    errors.push_back(manifests::Diagnostic{
        {(manifest_dir / file).string(), 0, 0},
        "",
        "",
        "the file holds no object, but edgecert owns " + std::to_string(keys.size()) + " object(s) declared in it (" +
            list + "); refusing to read an emptied file as deleting them (remove the file to delete them)"});
  }
  return errors;
}

}  // namespace edgecert::reconcile
