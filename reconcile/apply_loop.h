// ApplyLoop: drives the reconcilers from a WorkQueue on an injected Clock. kOnce carries out one pass
// (each object taken one step or until its asynchronous work is pending; retryable failures retried with
// the item's backoff); kWait follows every object until it is Ready or the timeout; kForever is the
// daemon's loop (converged objects come back at the resync period) until `stop` is set. Between due
// items it sleeps on the clock until the queue's NextDue, so on a FakeClock nothing ever really waits.
// Each status change (phase or remote status) is reported once through `report`.
// Thread-safety: one Run() at a time; `stop` may be set from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reconcile/planner.h"
#include "reconcile/reconcile_context.h"
#include "reconcile/reconciler.h"
#include "reconcile/work_queue.h"

namespace edgecert::reconcile {

enum class RunMode { kOnce, kWait, kForever };

// What kWait is still waiting for, reported before each sleep (the live progress line of `apply --wait`).
struct ApplyProgress {
  std::size_t total = 0;                // objects this run follows
  std::size_t finished = 0;             // ready, deleted or given up
  std::vector<std::string> waiting;     // "Kind/name (remote status)" of the unfinished, at most a few
  Clock::Duration next_check{};         // until the next due item
};

struct ApplyOptions {
  RunMode mode = RunMode::kOnce;
  Clock::Duration timeout = std::chrono::minutes(30);  // kWait: give up on objects not ready by then
  int max_retries = 5;                                 // kOnce/kWait: retryable failures per object
  PruneGuardOptions prune;
  bool desired_loaded = true;
  const std::atomic<bool>* stop = nullptr;  // kForever ends when set
  std::function<void(const ApplyProgress&)> progress;  // kWait: called before each sleep, when set
};

struct ApplyOutcome {
  std::vector<std::string> failed;       // "Kind/name: why"
  std::vector<std::string> not_ready;    // kWait: objects still in progress at the timeout
  std::vector<std::string> held_back;    // deletions the prune guard refused
  std::vector<std::string> orphaned;     // forgotten (deletionPolicy Orphan)
  std::size_t reconciles = 0;            // reconcile/delete calls made

  bool ok() const { return failed.empty() && not_ready.empty(); }
};

class ApplyLoop {
 public:
  using Reporter = std::function<void(std::string_view line)>;

  ApplyLoop(const std::vector<std::unique_ptr<Reconciler>>& reconcilers, Reporter report);

  ApplyOutcome Run(ReconcileContext& ctx, const ApplyOptions& options);

 private:
  struct Item {
    Reconciler* reconciler = nullptr;
    ObjectKey key;
    bool is_delete = false;
    OwnedObject owned;  // for deletes
  };

  // Runs one item; returns true when the item is finished for this run.
  bool Step(const std::string& queue_key, Item& item, ReconcileContext& ctx, const ApplyOptions& options,
            WorkQueue& queue, ApplyOutcome& outcome);
  ApplyProgress Progress(const std::map<std::string, Item>& items, const std::set<std::string>& finished,
                         ReconcileContext& ctx, Clock::Duration next_check) const;
  void ReportStatus(const ObjectKey& key, ReconcileContext& ctx);
  void RecordDeletionPolicy(const ObjectKey& key, ReconcileContext& ctx);

  const std::vector<std::unique_ptr<Reconciler>>& reconcilers_;
  Reporter report_;
  std::map<ObjectKey, std::string> last_reported_;  // "phase|remote status" printed last per object
  std::map<ObjectKey, std::size_t> records_reported_;
};

}  // namespace edgecert::reconcile
