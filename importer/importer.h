// RunImport: `edgecert import` without the CLI. Reads every object of the scope through the client
// (only list/get calls), writes the manifest tree into the output directory (each file atomically; an
// existing file is an error unless `force`, and then nothing is written) and records every imported
// object as owned in the inventory, in one inventory write, so the next plan on the tree is a no-op.
// Thread-safety: one call at a time per inventory; the client may be shared.
#pragma once

#include <filesystem>
#include <vector>

#include "api/client/cloudflare_client.h"
#include "common/status.h"
#include "importer/imported_tree.h"
#include "importer/remote_snapshot.h"
#include "reconcile/state/inventory.h"

namespace edgecert::importer {

struct ImportOptions {
  ImportScope scope;
  std::filesystem::path out_dir;
  bool force = false;  // overwrite files that already exist
};

// The tree written (paths relative to out_dir) and what the user must know about it.
Result<ImportedTree> RunImport(api::CloudflareClient& client, reconcile::Inventory& inventory,
                               const ImportOptions& options);

}  // namespace edgecert::importer
