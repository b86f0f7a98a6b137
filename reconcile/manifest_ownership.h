// What ownership keeps of an object's manifest (its deletion policy and the file that declared it), and
// the load guard built on it: a manifest file that loads to no object while edgecert owns objects
// declared in it (a file emptied by a bad merge) is a load error, never a reason to delete them.
// Removing the file from the tree is how one deletes. Pure functions; thread-safe.
#pragma once

#include <filesystem>
#include <vector>

#include "manifests/desired_state.h"
#include "manifests/diagnostic.h"
#include "reconcile/state/inventory.h"

namespace edgecert::reconcile {

// Copies into `owned` what its manifest says that outlives the manifest: `deletionPolicy: Orphan` and
// the manifest file. Returns true when `owned` changed. Objects not in `desired` are left as they are.
bool RecordManifestFacts(const manifests::DesiredState& desired, OwnedObject& owned);

// One error per manifest file of `desired` that holds no object while the inventory records owned
// objects declared in it; `manifest_dir` is joined to the file name so the error reads like a load error.
std::vector<manifests::Diagnostic> CheckEmptiedManifestFiles(const manifests::DesiredState& desired,
                                                             const Inventory& inventory,
                                                             const std::filesystem::path& manifest_dir);

}  // namespace edgecert::reconcile
