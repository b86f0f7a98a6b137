#include "reconcile/prune_guard.h"

#include <spdlog/fmt/fmt.h>

namespace edgecert::reconcile {

std::string CapHeldBackReason(std::size_t would_be, const PruneGuardOptions& options) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(options.window).count();
  return fmt::format(
      "{} deletions within {} min ({} already done) would pass --max-deletions {}; none is deleted until an "
      "operator approves (edgecert approve-deletions, or apply --approve-deletions)",
      would_be, minutes, options.deleted_in_window, options.max_deletions);
}

PruneDecision DecidePrunes(const std::vector<std::string>& candidates, bool desired_state_loaded,
                           std::size_t desired_object_count, const PruneGuardOptions& options) {
  PruneDecision decision;
  std::string refuse_all;
  if (!desired_state_loaded) {
    refuse_all = "the manifests failed to load; nothing is pruned until they load again";
  } else if (desired_object_count == 0 && !options.allow_empty) {
    refuse_all = "the manifests hold no objects; pass --allow-empty to prune everything";
  }
  const std::size_t would_be = options.deleted_in_window + candidates.size();
  if (refuse_all.empty() && would_be > options.max_deletions && !options.approved) {
    refuse_all = CapHeldBackReason(would_be, options);
  }
  for (const auto& key : candidates) {
    if (!refuse_all.empty()) {
      decision.held_back.push_back(key + ": " + refuse_all);
    } else {
      decision.allowed.push_back(key);
    }
  }
  return decision;
}

}  // namespace edgecert::reconcile
