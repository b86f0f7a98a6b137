// PruneGuard: decides which deletions of owned objects may be carried out. It refuses every prune when
// the desired state failed to load or is empty (unless allowed), and it is a stop, not a rate: when the
// deletions would pass --max-deletions within the sliding --deletion-window (counting those already
// done in it), none is carried out until an operator approves. So a broken checkout or a bad merge
// cannot wipe an account, and five quick commits cannot delete five times the cap. Pure.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace edgecert::reconcile {

struct PruneGuardOptions {
  std::size_t max_deletions = 10;     // --max-deletions: within one window
  bool allow_empty = false;           // --allow-empty: an empty manifest set may prune everything
  std::chrono::seconds window{3600};  // --deletion-window: the sliding window the cap counts in
  std::size_t deleted_in_window = 0;  // deletions already carried out within the window
  bool approved = false;              // an operator approved passing the cap (once)
};

// Why deletions are held back by the cap, for logs, plans and /status.
std::string CapHeldBackReason(std::size_t would_be, const PruneGuardOptions& options);

struct PruneDecision {
  std::vector<std::string> allowed;    // keys that may be deleted this pass, in input order
  std::vector<std::string> held_back;  // "key: why" for each refused deletion
};

// `candidates` are keys of owned objects that left the manifests (Orphan ones already removed).
PruneDecision DecidePrunes(const std::vector<std::string>& candidates, bool desired_state_loaded,
                           std::size_t desired_object_count, const PruneGuardOptions& options);

}  // namespace edgecert::reconcile
