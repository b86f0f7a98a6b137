#include "reconcile/prune_guard.h"

namespace edgecert::reconcile {

PruneDecision DecidePrunes(const std::vector<std::string>& candidates, bool desired_state_loaded,
                           std::size_t desired_object_count, const PruneGuardOptions& options) {
  PruneDecision decision;
  std::string refuse_all;
  if (!desired_state_loaded) {
    refuse_all = "the manifests failed to load; nothing is pruned until they load again";
  } else if (desired_object_count == 0 && !options.allow_empty) {
    refuse_all = "the manifests hold no objects; pass --allow-empty to prune everything";
  }
  for (const auto& key : candidates) {
    if (!refuse_all.empty()) {
      decision.held_back.push_back(key + ": " + refuse_all);
    } else if (decision.allowed.size() >= options.max_deletions) {
      decision.held_back.push_back(key + ": more than --max-deletions " + std::to_string(options.max_deletions) +
                                   " deletions in one pass; the rest follow in later passes");
    } else {
      decision.allowed.push_back(key);
    }
  }
  return decision;
}

}  // namespace edgecert::reconcile
