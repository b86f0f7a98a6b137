// Planner: the read-only diff of the desired snapshot, the inventory and the actual state. Every desired
// object gets its change (create, update, replace, adopt, no-op) from its kind's reconciler; owned
// objects that left the manifests become deletions, filtered by the prune guard (held-back ones are
// said), or are just forgotten when they were marked `deletionPolicy: Orphan`. Only list/get calls.
// Thread-safety: one Make() at a time per context.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "reconcile/plan.h"
#include "reconcile/prune_guard.h"
#include "reconcile/reconcile_context.h"
#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

struct PlanOptions {
  PruneGuardOptions prune;
  bool desired_loaded = true;  // false: the manifests failed to load; nothing is pruned
};

// Owned objects whose manifest is gone, split by what happens to them.
struct PruneSet {
  std::vector<OwnedObject> deletable;  // allowed by the guard, in reverse apply order
  std::vector<OwnedObject> orphaned;   // deletionPolicy Orphan: forgotten, left in place
  std::vector<std::string> held_back;  // "Kind/name: why"
};

// Which owned objects of the reconcilers' kinds left the manifests, and what the guard allows.
PruneSet DecidePruneSet(const std::vector<std::unique_ptr<Reconciler>>& reconcilers,
                        const manifests::DesiredState& desired, const Inventory& inventory,
                        const PruneGuardOptions& options, bool desired_loaded);

// The deletion policy the manifest gives `key` (kDelete when the object is not in the manifests).
manifests::DeletionPolicy DesiredDeletionPolicy(const manifests::DesiredState& desired, const ObjectKey& key);

class Planner {
 public:
  explicit Planner(const std::vector<std::unique_ptr<Reconciler>>& reconcilers) : reconcilers_(reconcilers) {}

  Plan Make(ReconcileContext& ctx, const PlanOptions& options) const;

 private:
  const std::vector<std::unique_ptr<Reconciler>>& reconcilers_;
};

}  // namespace edgecert::reconcile
