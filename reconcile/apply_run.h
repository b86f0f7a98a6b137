// ApplyRun: `apply` is the Controller run until settled (settle.h). It wires a Controller in settle mode
// over a ReconcileContext and turns what the controller reports into the lines an operator reads: each
// status change once, the validation records to create, deletions, forgotten orphans, held-back
// deletions and failures. Thread-safety: one Run() at a time.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "reconcile/controller.h"
#include "reconcile/prune_guard.h"
#include "reconcile/reconcile_context.h"
#include "reconcile/reconciler.h"
#include "reconcile/settle.h"

namespace edgecert::reconcile {

struct ApplyOptions {
  RunMode mode = RunMode::kOnce;
  Clock::Duration timeout = std::chrono::minutes(30);  // kWait: give up on objects not ready by then
  int max_retries = 5;                                 // retryable failures per object
  PruneGuardOptions prune;
  WaitMode wait = WaitMode::kRealTime;                 // kSimulated on a FakeClock
  std::function<void(const ApplyProgress&)> progress;  // kWait: called while waiting, when set
  std::function<bool()> take_deletion_approval;        // ControllerOptions::take_deletion_approval
};

class ApplyRun {
 public:
  using Reporter = std::function<void(std::string_view line)>;

  ApplyRun(const std::vector<std::unique_ptr<Reconciler>>& reconcilers, Reporter report);

  // Runs ctx.desired until settled; the context's parts must outlive the call.
  ApplyOutcome Run(ReconcileContext& ctx, const ApplyOptions& options);

 private:
  // Turns the controller's reports into lines (called from its worker thread).
  class Lines;

  const std::vector<std::unique_ptr<Reconciler>>& reconcilers_;
  Reporter report_;
};

}  // namespace edgecert::reconcile
