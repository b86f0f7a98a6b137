#include "importer/importer.h"

#include "reconcile/state/atomic_file.h"

namespace edgecert::importer {
namespace {

constexpr auto kPublicMode = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                             std::filesystem::perms::group_read | std::filesystem::perms::others_read;

// Every file that would be overwritten; none when `force`.
Status CheckOverwrites(const ImportedTree& tree, const ImportOptions& options) {
  if (options.force) return Status::Ok();
  std::vector<std::string> existing;
  for (const auto& file : tree.files) {
    std::error_code ec;
    if (std::filesystem::exists(options.out_dir / file.path, ec) || ec) existing.push_back(file.path);
  }
  if (existing.empty()) return Status::Ok();
  std::string list;
  for (std::size_t i = 0; i < existing.size() && i < 5; ++i) list += (i ? ", " : "") + existing[i];
  if (existing.size() > 5) list += " and " + std::to_string(existing.size() - 5) + " more";
  return FailedPrecondition("refusing to overwrite " + std::to_string(existing.size()) + " file(s) in " +
                            options.out_dir.string() + " (" + list + "); pass --force to overwrite them");
}

// Records the imported objects as owned. An object the inventory already owns under the same key keeps
// what only the inventory knows (superseded ids, orphan mark); a pending create intent for it is dropped,
// since the object it was about to create is the one recorded now.
Status RecordOwnership(const ImportedTree& tree, reconcile::Inventory& inventory) {
  return inventory.Update([&](reconcile::InventoryRecords& records) {
    for (const auto& imported : tree.owned) {
      reconcile::OwnedObject record = imported;
      if (auto it = records.objects.find(imported.key); it != records.objects.end()) {
        if (it->second.remote_id != imported.remote_id) {
          return FailedPrecondition(imported.key.ToString() + " is already owned as remote object " +
                                    it->second.remote_id + "; nothing was recorded");
        }
        record.superseded_remote_ids = it->second.superseded_remote_ids;
        record.orphan = it->second.orphan;
        if (record.validation_records.empty()) record.validation_records = it->second.validation_records;
      }
      records.objects[imported.key] = std::move(record);
      records.intents.erase(imported.key);
    }
    return Status::Ok();
  });
}

}  // namespace

Result<ImportedTree> RunImport(api::CloudflareClient& client, reconcile::Inventory& inventory,
                               const ImportOptions& options) {
  if (options.scope.zones.empty() && options.scope.account.empty()) {
    return InvalidArgument("name the zones (--zone) or the account (--account) to import");
  }
  auto snapshot = ReadRemote(client, options.scope);
  if (!snapshot.ok()) return snapshot.status();
  ImportedTree tree = BuildImportedTree(*snapshot, inventory.Objects());
  if (Status s = CheckOverwrites(tree, options); !s.ok()) return s;
  for (const auto& file : tree.files) {
    if (Status s = reconcile::WriteFileAtomically(options.out_dir / file.path, file.content, kPublicMode); !s.ok()) {
      return s.WithContext("write " + (options.out_dir / file.path).string());
    }
  }
  if (Status s = RecordOwnership(tree, inventory); !s.ok()) {
    return s.WithContext("the manifests were written, but recording their ownership failed");
  }
  return tree;
}

}  // namespace edgecert::importer
