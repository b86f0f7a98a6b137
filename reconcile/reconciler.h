// Reconciler: one per manifest kind, behind one interface (controller-runtime's Reconcile contract).
// Level-based: every call re-reads the actual state through the pass's ActualState (one list call per
// scope and kind, shared by every object of that scope), acts at most one step, and returns what should
// happen next. Reconcilers never sleep, never retry and never log errors themselves: the loop does.
// Thread-safety: a reconciler is stateless; the loop never runs two reconciles of one key at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "manifests/objects.h"
#include "reconcile/plan.h"
#include "reconcile/reconcile_context.h"
#include "reconcile/reconcile_result.h"

namespace edgecert::reconcile {

class Reconciler {
 public:
  virtual ~Reconciler() = default;

  virtual manifests::Kind kind() const = 0;

  // What one desired object needs (read-only: only list/get calls). A converged object plans kNoOp.
  virtual Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) = 0;
  // Takes the next step towards the desired object.
  virtual ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) = 0;

  // An owned object (inventory) whose manifest is gone: what pruning it means, and doing it. Called
  // only for kDelete objects the prune guard allowed; orphaned ones are just forgotten by the loop.
  virtual Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) = 0;
  virtual ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) = 0;

  // Whether an object is "ready" for `apply --wait` (pack active, certificate issued, ...).
  virtual bool Ready(const std::string& name, ReconcileContext& ctx) = 0;
};

}  // namespace edgecert::reconcile
