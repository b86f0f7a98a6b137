// PruneGuard: decides which deletions of owned objects a pass may carry out. It refuses every prune
// when the desired state failed to load or is empty (unless allowed), and caps deletions per pass, so a
// broken checkout or a bad merge cannot wipe an account. Pure and deterministic.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace edgecert::reconcile {

struct PruneGuardOptions {
  std::size_t max_deletions = 10;  // --max-deletions
  bool allow_empty = false;        // --allow-empty: an empty manifest set may prune everything
};

struct PruneDecision {
  std::vector<std::string> allowed;    // keys that may be deleted this pass, in input order
  std::vector<std::string> held_back;  // "key: why" for each refused deletion
};

// `candidates` are keys of owned objects that left the manifests (Orphan ones already removed).
PruneDecision DecidePrunes(const std::vector<std::string>& candidates, bool desired_state_loaded,
                           std::size_t desired_object_count, const PruneGuardOptions& options);

}  // namespace edgecert::reconcile
