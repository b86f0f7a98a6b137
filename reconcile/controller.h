// Controller: the one reconcile loop, of the daemon and of `apply`. A pool of worker threads keeps every
// object of the current desired snapshot reconciled, over one keyed WorkQueue (deduplicated, per-item
// backoff with jitter on failure, requeue-after from each result), prunes owned objects that left the
// manifests behind the prune guard, and re-checks everything at the periodic resync. In settle mode
// (`apply`, settle.h) it runs one snapshot until every object settled instead (controller_settle.cc).
// Time: every delay, deadline and "for N s" is on the clock's monotonic reading, so a step of the
// wall clock (NTP) neither stalls the queue nor trips Healthy(); wall times are only what people read
// (Summary) and what outlives the process (the inventory's deletion window).
// Thread-safety: every public method may be called from any thread; Start() once; Stop() before the
// parts it was given are destroyed.
#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api/client/cloudflare_client.h"
#include "api/client/rate_budget.h"
#include "common/clock.h"
#include "common/status.h"
#include "manifests/desired_state.h"
#include "reconcile/actual_state.h"
#include "reconcile/object_status.h"
#include "reconcile/prune_guard.h"
#include "reconcile/reconcile_context.h"
#include "reconcile/reconciler.h"
#include "reconcile/scope_directory.h"
#include "reconcile/settle.h"
#include "reconcile/state/inventory.h"
#include "reconcile/work_queue.h"

namespace edgecert::reconcile {

// How idle workers wait for the next due item.
enum class WaitMode {
  // On a condition variable in real time: new work and Stop() wake them at once (SystemClock).
  kRealTime,
  // Discrete-event simulation for a FakeClock: when no reconcile is in flight, one worker moves the
  // clock to the next due item with Clock::SleepFor; nothing ever waits in real time.
  kSimulated,
};

struct ControllerOptions {
  int workers = 4;                                    // --workers: reconciles running at once
  Clock::Duration resync = std::chrono::minutes(10);  // --resync: every object re-checked, drift restored
  // Pending work (validation, issuance) is re-checked after the reconciler's requeue-after, then twice
  // as long each time nothing changed, up to this.
  Clock::Duration pending_poll_max = std::chrono::minutes(5);
  // Polls and resyncs are rounded up to a multiple of this, so objects of one zone come due together
  // and share one list call (the ActualState keeps a list for less than this).
  Clock::Duration poll_alignment = std::chrono::seconds(5);
  BackoffPolicy backoff;  // failures: 1 s doubling to 5 min, +-20 % jitter
  PruneGuardOptions prune;
  Clock::Duration stuck_after = std::chrono::minutes(5);  // Healthy() fails past this without progress
  std::chrono::milliseconds idle_tick{1000};              // kRealTime: idle workers wake this often (liveness)
  WaitMode wait = WaitMode::kRealTime;
  std::uint64_t seed = 1;  // backoff jitter
  // Asked when deletions would pass the prune guard's cap: true once per operator approval (apply
  // --approve-deletions, or the approval file of `edgecert approve-deletions`). Unset: never approved.
  std::function<bool()> take_deletion_approval;
  // Set: `apply`'s settle mode (RunUntilSettled); no periodic resync.
  std::optional<SettleOptions> settle;
};

// One finished reconcile (or delete) of one object.
struct ReconcileEvent {
  ObjectKey key;
  bool is_delete = false;
  std::string_view result;  // "done" | "requeue" | "retry" | "failed"
  Status status;            // why, for retry and failed
  Clock::MonoTime started;
  Clock::Duration took{0};
  std::optional<Clock::MonoTime> next;   // when it comes back, if scheduled
  bool gave_up = false;                  // settle mode: a retry past max_retries, not tried again
};

// What the loop tells metrics and tests. Called from worker threads, never under the controller's lock.
class ControllerObserver {
 public:
  virtual ~ControllerObserver() = default;
  virtual void OnReconciled(const ReconcileEvent& /*event*/) {}
  virtual void OnQueue(std::size_t /*waiting*/, std::size_t /*in_flight*/) {}
  // Every object of a pass (a new snapshot or a resync) was reconciled without error.
  virtual void OnSyncCompleted(Clock::TimePoint /*when*/) {}
};

// The parts a controller drives; all must outlive it.
struct ControllerParts {
  const std::vector<std::unique_ptr<Reconciler>>& reconcilers;  // in apply order (MakeReconcilers)
  api::CloudflareClient& client;
  ActualState& actual;  // long-lived, with a maximum age (actual_state.h)
  ScopeDirectory& scopes;
  Inventory& inventory;
  ObjectStatusBoard& status;
  Clock& clock;
  spdlog::logger& log;
  const ReconcileOptions& reconcile;
  ControllerObserver& observer;
  // The client's request budget, when the controller may close it: Stop() ends the waits for it (and
  // for a Retry-After) at once, and Healthy() counts a reconcile waiting on it as progress. Null: not.
  api::RateBudget* budget;
};

struct ControllerSummary {
  std::string desired_hash;  // empty before the first snapshot
  std::size_t desired_objects = 0;
  std::optional<Clock::TimePoint> desired_since;
  std::optional<Clock::TimePoint> last_sync;
  std::optional<Clock::TimePoint> next_resync;  // when every object is next re-checked (wall, as of now)
  std::size_t waiting = 0;
  std::size_t in_flight = 0;
  std::vector<std::string> held_back;  // deletions the prune guard refuses now, with the reason
};

class Controller {
 public:
  Controller(ControllerParts parts, ControllerOptions options);
  ~Controller();  // Stop() with the default bound, then joins
  Controller(const Controller&) = delete;
  Controller& operator=(const Controller&) = delete;

  // Starts the workers. Objects are reconciled once a snapshot was given.
  void Start();

  // Swaps in a new desired snapshot (from a successful load only): new and changed objects (and those
  // that refer to a changed one) are reconciled at once, objects that left are dropped from the queue
  // and, if owned, pruned within the guard. Returns false when it equals the current one (no-op).
  bool SetDesired(std::shared_ptr<const manifests::DesiredState> desired);
  // Starts a pass now: every object re-checked, prunes decided again (SIGHUP without a change).
  void Resync();

  // Stops taking work and waits up to `drain` (real time) for reconciles in flight. A reconcile waiting
  // for the API budget or a Retry-After ends at once (the budget is closed until the workers stopped;
  // the wait ends with Cancelled before anything is sent, and the object is retried at the next start).
  // The inventory is written through on every change, so it is saved once they finished. Returns false
  // when some were still running at the bound (the caller should exit without destroying the controller).
  bool Stop(std::chrono::milliseconds drain = std::chrono::seconds(25));

  // OK while the workers make progress; Unavailable when the loop or a reconcile is stuck. A reconcile
  // waiting for the API budget or a Retry-After (up to 15 min) makes progress: its wait does not count.
  Status Healthy() const;
  // A snapshot is in force and the API answered the last call that reached it.
  bool Ready() const;
  // Why it is not Ready(), for /readyz: the API refused the credentials (its HTTP status and error
  // code, e.g. "HTTP 401: [10000] ..."), or did not answer (the last failure); OK when Ready().
  Status Readiness() const;
  ControllerSummary Summary() const;
  std::shared_ptr<const manifests::DesiredState> desired() const;

  // Settle mode (options.settle set): starts the workers, gives them `desired`, waits until every object
  // settled (or the timeout of kWait) and stops. `progress`, when set, is called while kWait waits.
  ApplyOutcome RunUntilSettled(std::shared_ptr<const manifests::DesiredState> desired,
                               std::function<void(const ApplyProgress&)> progress = {});

 private:
  struct Item {
    Reconciler* reconciler = nullptr;
    ObjectKey key;
    bool is_delete = false;
    OwnedObject owned;                        // deletes: what to delete
    int pending_streak = 0;                   // consecutive pending polls
    std::string last_state;                   // "phase|remote status" at the last pending poll; empty: not pending
    std::optional<Clock::MonoTime> poll_at;   // the poll round it is queued for (pending work)
  };

  void WorkerLoop();
  // Runs one popped queue key; `lock` is held on entry and exit, released while reconciling.
  void Process(std::unique_lock<std::mutex>& lock, const std::string& qk);
  // Queues the pass's objects (all, or `only`), decides prunes, reschedules the resync. Returns true
  // when the pass has nothing to do (it completed at once).
  bool StartPassLocked(Clock::MonoTime now, const std::set<std::string>* only);
  // Orphans are forgotten, deletions queued within the guard, refused ones said (held_back_).
  void DecidePrunesLocked(Clock::MonoTime now, bool new_pass);
  void ScheduleResyncLocked(Clock::MonoTime now);
  // When pending work of `zone` that wants a look after `delay` is polled: the zone's next poll round
  // when that comes no later, so the pending objects of a zone are polled together by one list.
  Clock::MonoTime PollRoundLocked(const std::string& zone, Clock::MonoTime finished, Clock::Duration delay);
  Clock::MonoTime Align(Clock::MonoTime t) const;
  void RecordDeletionPolicy(const manifests::DesiredState& desired, const ObjectKey& key);
  // One log line per action or status change, with kind, name, zone and remote id.
  void LogOutcome(const Item& item, const std::optional<ObjectStatus>& before, const std::optional<ObjectStatus>& after,
                  const ReconcileEvent& event);
  std::size_t WaitingLocked() const;  // queued objects, less the resync marker
  // Settle mode: records how a step ended for the outcome (finished, failed, gave up).
  void RecordSettleLocked(const std::string& qk, const Item& item, const ReconcileEvent& event);
  bool SettledLocked() const;
  ApplyProgress ProgressLocked(Clock::MonoTime now) const;
  void NotifyQueue();

  ControllerParts parts_;
  const ControllerOptions options_;

  mutable std::mutex mu_;
  std::condition_variable wake_;  // new work, a reconcile finished, stop
  WorkQueue queue_;
  std::shared_ptr<const manifests::DesiredState> desired_;  // guarded by mu_
  std::optional<Clock::TimePoint> desired_since_;           // guarded by mu_
  std::map<ObjectKey, std::string> fingerprints_;           // guarded by mu_: per object of desired_
  std::map<std::string, Item> items_;                       // guarded by mu_: queue key -> item
  struct Running {
    Clock::MonoTime since;
    std::thread::id worker;  // whose waits for the API budget are progress (Healthy)
  };
  std::map<ObjectKey, Running> running_;                    // guarded by mu_: objects in flight
  std::map<ObjectKey, std::string> deferred_;               // guarded by mu_: waits for its object's run
  // The deletions of one scope (zone, account) are decided one at a time: each checks what the others
  // still cover, so two at once could each count on the other and uncover a host together.
  std::set<std::string> scopes_deleting_;                            // guarded by mu_
  std::map<std::string, std::set<std::string>> scope_delete_waits_;  // guarded by mu_: scope -> queue keys
  std::set<std::string> pass_remaining_;                             // guarded by mu_: not yet reconciled cleanly
  bool pass_open_ = false;                                           // guarded by mu_
  std::optional<Clock::TimePoint> last_sync_;                        // guarded by mu_
  std::vector<std::string> held_back_;                               // guarded by mu_
  std::set<ObjectKey> approved_deletions_;                           // guarded by mu_: what an operator's yes covered
  bool api_reachable_ = false;                                       // guarded by mu_
  Status api_error_;                                                 // guarded by mu_: why not api_reachable_
  Clock::MonoTime last_progress_;                                    // guarded by mu_
  int busy_ = 0;                                                     // guarded by mu_
  bool resync_queued_ = false;                                       // guarded by mu_
  std::optional<Clock::MonoTime> next_resync_;                       // guarded by mu_
  std::map<std::string, Clock::MonoTime> poll_rounds_;               // guarded by mu_: zone -> its next poll round
  bool jumping_ = false;                                             // guarded by mu_ (kSimulated)
  bool started_ = false;                                             // guarded by mu_
  bool stopping_ = false;                                            // guarded by mu_
  std::set<std::string> settle_finished_;                            // guarded by mu_: settle mode
  ApplyOutcome settle_outcome_;                                      // guarded by mu_: settle mode
  std::optional<Clock::MonoTime> horizon_;                           // guarded by mu_: kWait's deadline
  std::function<void(const ApplyProgress&)> progress_;               // set before Start() in settle mode
  std::vector<std::thread> workers_;                                 // touched by Start/Stop only
  std::mutex lifecycle_mu_;                                          // serializes Start/Stop/join
};

}  // namespace edgecert::reconcile
