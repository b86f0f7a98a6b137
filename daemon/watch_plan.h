// WatchPlan: what must be watched so that every change the manifest loader could see is noticed. The
// tree is read as the loader reads it (recursively, following symlinks, skipping hidden entries); the
// anchors are the name entries whose replacement changes what the tree resolves to (a git-sync symlink
// swap, the root removed and created again). Thread-safety: a pure function of the filesystem.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace edgecert::daemon {

// The entry `name` in directory `dir`: an event on that name means the tree must be re-planned.
struct WatchAnchor {
  std::filesystem::path dir;  // canonical
  std::string name;
  bool operator==(const WatchAnchor&) const = default;
};

struct WatchPlan {
  std::vector<std::filesystem::path> directories;  // canonical, every directory of the tree
  std::vector<std::filesystem::path> linked_files;  // canonical targets of symlinked files in the tree
  std::vector<WatchAnchor> anchors;                 // sorted, without duplicates
};

// Resolves `path` component by component as the kernel does, appending to `anchors` every symlink met
// on the way (its directory and name). Returns the canonical path, or nothing when a component is missing
// or the links loop; a missing component is appended as an anchor too, so its creation can be seen.
std::optional<std::filesystem::path> ResolveNotingLinks(const std::filesystem::path& path,
                                                        std::vector<WatchAnchor>& anchors);

// The plan for a manifests root. A missing root gives no directories and an anchor where it would be.
WatchPlan PlanWatches(const std::filesystem::path& root);

}  // namespace edgecert::daemon
