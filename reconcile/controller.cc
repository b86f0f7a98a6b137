#include "reconcile/controller.h"

#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <limits>

#include "common/duration.h"
#include "common/object_log_fields.h"
#include "reconcile/desired_diff.h"
#include "reconcile/planner.h"
#include "reconcile/queue_keys.h"

namespace edgecert::reconcile {
namespace {

// The periodic resync is an item of the queue too, so one mechanism decides when anything runs.
constexpr const char* kResyncKey = kResyncQueueKey;

std::string StateOf(const std::optional<ObjectStatus>& s) {
  return s ? fmt::format("{}|{}", PhaseName(s->phase), s->remote_status) : std::string();
}

// Failures that say the API (or our credentials for it) cannot be used right now.
bool MeansUnreachable(const Status& s) {
  switch (s.code()) {
    case StatusCode::kUnavailable:
    case StatusCode::kDeadlineExceeded:
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied:
      return true;
    default:
      return false;
  }
}

}  // namespace

Controller::Controller(ControllerParts parts, ControllerOptions options)
    : parts_(parts), options_(options), queue_(options.backoff, options.seed) {
  last_progress_ = parts_.clock.Monotonic();
}

Controller::~Controller() {
  Stop();
  std::lock_guard life(lifecycle_mu_);
  // Only reached with threads left when Stop() timed out; waiting for them is the only safe end.
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
}

void Controller::Start() {
  std::lock_guard life(lifecycle_mu_);
  {
    std::lock_guard lock(mu_);
    if (started_ || stopping_) return;
    started_ = true;
    last_progress_ = parts_.clock.Monotonic();
  }
  if (parts_.budget != nullptr) parts_.budget->Open();  // a controller stopped before may have closed it
  for (int i = 0; i < std::max(1, options_.workers); ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

bool Controller::Stop(std::chrono::milliseconds drain) {
  std::lock_guard life(lifecycle_mu_);
  bool drained = false;
  {
    std::unique_lock lock(mu_);
    stopping_ = true;
    wake_.notify_all();
    // Waiting out the budget (up to a 15-minute Retry-After) is no reason to keep a stop waiting.
    if (parts_.budget != nullptr) parts_.budget->Close();
    drained = wake_.wait_for(lock, drain, [this] { return busy_ == 0; });
  }
  if (!drained) return false;  // the budget stays closed: the process exits
  for (auto& t : workers_) {
    if (t.joinable()) t.join();
  }
  workers_.clear();
  if (parts_.budget != nullptr) parts_.budget->Open();  // the client outlives this controller (apply, HA terms)
  return true;
}

bool Controller::SetDesired(std::shared_ptr<const manifests::DesiredState> desired) {
  if (!desired) return false;
  ObjectFingerprints fingerprints = FingerprintObjects(*desired);  // outside the lock: hashes every object
  bool synced = false;
  std::size_t rechecks = 0;
  const Clock::MonoTime now = parts_.clock.Monotonic();
  const Clock::TimePoint wall_now = parts_.clock.Now();
  {
    std::lock_guard lock(mu_);
    if (desired_ && desired_->hash() == desired->hash()) return false;
    std::set<ObjectKey> recheck;
    if (desired_) {
      recheck = ObjectsToRecheck(fingerprints_, *desired, fingerprints);
    } else {
      for (const auto& [key, fp] : fingerprints) recheck.insert(key);
    }
    desired_ = std::move(desired);
    fingerprints_ = std::move(fingerprints);
    desired_since_ = wall_now;

    std::set<std::string> wanted;
    std::set<std::string> enqueue;
    for (const auto& reconciler : parts_.reconcilers) {
      Reconciler* r = reconciler.get();
      for (const auto& name : desired_->NamesOf(r->kind())) {
        ObjectKey key{r->kind(), name};
        const std::string qk = ApplyQueueKey(key);
        wanted.insert(qk);
        auto [it, inserted] = items_.try_emplace(qk, Item{r, key, false, {}, 0, {}, std::nullopt});
        if (inserted || recheck.count(key)) {
          it->second.pending_streak = 0;
          it->second.last_state.clear();
          queue_.Forget(qk);  // a changed manifest starts its backoff afresh
          enqueue.insert(qk);
        }
      }
    }
    for (auto it = items_.begin(); it != items_.end();) {
      if (it->second.is_delete || wanted.count(it->first)) {
        ++it;
        continue;
      }
      queue_.Remove(it->first);
      pass_remaining_.erase(it->first);
      // Owned objects keep their status until the prune below deletes or forgets them.
      if (!parts_.inventory.Find(it->second.key)) parts_.status.Remove(it->second.key);
      it = items_.erase(it);
    }
    rechecks = enqueue.size();
    synced = StartPassLocked(now, &enqueue);
    wake_.notify_all();
  }
  auto current = this->desired();
  parts_.log.info("desired state {}: {} objects, {} to reconcile now", current->hash().substr(0, 12), current->size(),
                  rechecks);
  if (synced) parts_.observer.OnSyncCompleted(wall_now);
  NotifyQueue();
  return true;
}

void Controller::Resync() {
  const Clock::MonoTime now = parts_.clock.Monotonic();
  bool synced = false;
  {
    std::lock_guard lock(mu_);
    synced = StartPassLocked(now, nullptr);
    wake_.notify_all();
  }
  if (synced) parts_.observer.OnSyncCompleted(parts_.clock.Now());
  NotifyQueue();
}

bool Controller::StartPassLocked(Clock::MonoTime now, const std::set<std::string>* only) {
  // Only a full pass moves the resync: manifests that change more often than --resync must not keep
  // postponing the drift repair of the objects they did not touch.
  if (only == nullptr || !resync_queued_) ScheduleResyncLocked(now);
  if (!desired_) return false;
  parts_.actual.RequireSince(now);  // a pass looks at the remote state as it is now: one list per zone
  pass_remaining_.clear();
  for (const auto& [qk, item] : items_) {
    if (item.is_delete || (only != nullptr && !only->count(qk))) continue;
    pass_remaining_.insert(qk);
    // A resync never cuts a failing item's backoff short; a changed manifest (`only`) does.
    if (only == nullptr && queue_.Failures(qk) > 0) continue;
    queue_.Add(qk, now);
  }
  DecidePrunesLocked(now, true);
  pass_open_ = !pass_remaining_.empty();
  if (pass_open_) return false;
  last_sync_ = parts_.clock.Now();
  return true;
}

void Controller::ScheduleResyncLocked(Clock::MonoTime now) {
  if (options_.settle) return;  // apply runs one pass
  queue_.Remove(kResyncKey);
  next_resync_ = Align(now + options_.resync);
  queue_.AddAt(kResyncKey, *next_resync_);
  resync_queued_ = true;
}

Clock::MonoTime Controller::PollRoundLocked(const std::string& zone, Clock::MonoTime finished, Clock::Duration delay) {
  const Clock::MonoTime wanted = Align(finished + delay);
  Clock::MonoTime& round = poll_rounds_[zone];
  if (round > finished && round <= wanted) return round;  // join: the round's one list serves it too
  round = wanted;  // the first of the zone to ask (or one that must be looked at sooner) opens a round
  return round;
}

Clock::MonoTime Controller::Align(Clock::MonoTime t) const {
  const auto step = options_.poll_alignment.count();
  if (step <= 0) return t;
  const auto rest = t.time_since_epoch().count() % step;
  return rest == 0 ? t : t + Clock::Duration(step - rest);
}

void Controller::WorkerLoop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const Clock::MonoTime now = parts_.clock.Monotonic();
    last_progress_ = now;
    if (jumping_) {  // kSimulated: another worker is moving the clock
      wake_.wait(lock);
      continue;
    }
    if (horizon_ && now >= *horizon_) {  // settle mode: past kWait's timeout nothing more starts
      wake_.wait_for(lock, options_.idle_tick);
      continue;
    }
    if (std::optional<std::string> qk = queue_.Pop(now)) {
      Process(lock, *qk);
      continue;
    }
    std::optional<Clock::MonoTime> next = queue_.NextDue();
    if (next && horizon_) next = std::min(*next, *horizon_);
    if (options_.wait == WaitMode::kSimulated) {
      if (busy_ == 0 && next) {
        // Nothing runs and nothing is due: time would pass untouched, so skip it.
        jumping_ = true;
        std::optional<ApplyProgress> progress;
        if (progress_) progress = ProgressLocked(now);
        lock.unlock();
        if (progress) progress_(*progress);
        parts_.clock.SleepFor(*next - now);
        lock.lock();
        jumping_ = false;
        wake_.notify_all();
      } else {
        wake_.wait(lock);
      }
      continue;
    }
    std::chrono::milliseconds wait = options_.idle_tick;
    if (next) wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(*next - now));
    wake_.wait_for(lock, wait);
  }
}

void Controller::Process(std::unique_lock<std::mutex>& lock, const std::string& qk) {
  Clock& clock = parts_.clock;
  if (qk == kResyncKey) {
    const Clock::MonoTime now = clock.Monotonic();
    queue_.Done(qk, now);
    const bool synced = StartPassLocked(now, nullptr);
    wake_.notify_all();
    if (synced) {
      lock.unlock();
      parts_.observer.OnSyncCompleted(clock.Now());
      lock.lock();
    }
    return;
  }
  auto found = items_.find(qk);
  if (found == items_.end()) {
    queue_.Done(qk, clock.Monotonic());
    return;
  }
  const Item item = found->second;  // a copy: SetDesired may change the map while this runs
  if (running_.count(item.key)) {
    // The same object under its other key (a delete and a re-added apply): never two at once.
    deferred_[item.key] = qk;
    queue_.Done(qk, clock.Monotonic());
    return;
  }
  const std::string& delete_scope = item.owned.scope_id;
  if (item.is_delete && !delete_scope.empty() && scopes_deleting_.count(delete_scope)) {
    scope_delete_waits_[delete_scope].insert(qk);  // queued again when the running delete finishes
    queue_.Done(qk, clock.Monotonic());
    return;
  }
  if (item.is_delete && !delete_scope.empty()) scopes_deleting_.insert(delete_scope);
  const std::shared_ptr<const manifests::DesiredState> desired = desired_;
  const Clock::MonoTime started = clock.Monotonic();
  // A poll round wants the state of its time at least: the first of the round lists, the rest share it.
  if (item.poll_at) parts_.actual.RequireSince(std::min(*item.poll_at, started));
  running_[item.key] = Running{started, std::this_thread::get_id()};
  ++busy_;
  lock.unlock();
  NotifyQueue();

  ReconcileContext ctx{*desired,      parts_.client, parts_.actual, parts_.scopes,   parts_.inventory,
                       parts_.status, clock,         parts_.log,    parts_.reconcile};
  const std::optional<ObjectStatus> before = parts_.status.Get(item.key);
  const ReconcileResult result =
      item.is_delete ? item.reconciler->Delete(item.owned, ctx) : item.reconciler->Reconcile(item.key.name, ctx);
  const ReconcileResult::Action action = result.action();
  // apply --wait: a converged object that is not ready yet (pack still validating) is looked at again.
  const bool not_ready = options_.settle && options_.settle->mode == RunMode::kWait &&
                         action == ReconcileResult::Action::kDone && !item.is_delete &&
                         !item.reconciler->Ready(item.key.name, ctx);
  const Clock::MonoTime finished = clock.Monotonic();
  const Clock::TimePoint finished_wall = clock.Now();  // for the records and people

  ReconcileEvent event{item.key, item.is_delete, "", result.status(), started, finished - started, std::nullopt};
  switch (action) {
    case ReconcileResult::Action::kDone:
      event.result = "done";
      if (item.is_delete) {
        parts_.status.Remove(item.key);
        // The prune guard's window counts it (kept for the window, and at least a day). Wall time: the
        // record outlives the process, and a monotonic time means nothing to the next one.
        const Status noted = parts_.inventory.RecordDeletion(
            finished_wall, std::max(options_.prune.window, std::chrono::seconds(std::chrono::hours(24))));
        if (!noted.ok()) parts_.log.warn("{}: cannot note the deletion: {}", item.key.ToString(), noted.ToString());
      } else {
        RecordDeletionPolicy(*desired, item.key);
      }
      break;
    case ReconcileResult::Action::kRequeueAfter:
      event.result = "requeue";
      if (!item.is_delete) RecordDeletionPolicy(*desired, item.key);
      break;
    case ReconcileResult::Action::kRetry:
      event.result = "retry";
      break;
    case ReconcileResult::Action::kFailed: {
      event.result = "failed";
      ObjectStatus status = parts_.status.Get(item.key).value_or(ObjectStatus{});
      status.key = item.key;
      status.phase = Phase::kFailed;
      status.last_error = result.status().message();
      parts_.status.Set(status);
      break;
    }
  }
  const std::optional<ObjectStatus> after = parts_.status.Get(item.key);
  const std::string state_now = StateOf(after);

  bool synced = false;
  lock.lock();
  running_.erase(item.key);
  if (auto d = deferred_.find(item.key); d != deferred_.end()) {
    queue_.Add(d->second, finished);
    deferred_.erase(d);
  }
  if (item.is_delete && !delete_scope.empty()) {
    scopes_deleting_.erase(delete_scope);
    if (auto w = scope_delete_waits_.find(delete_scope); w != scope_delete_waits_.end()) {
      for (const auto& waiting : w->second) queue_.Add(waiting, finished);
      scope_delete_waits_.erase(w);
    }
  }
  if (action == ReconcileResult::Action::kRetry || action == ReconcileResult::Action::kFailed) {
    if (MeansUnreachable(result.status())) {
      api_reachable_ = false;
      api_error_ = result.status();
    } else if (action == ReconcileResult::Action::kFailed)
      api_reachable_ = true;
  } else {
    api_reachable_ = true;
  }
  auto current = items_.find(qk);
  // The object left the manifests while this ran: decide its prune now that it finished.
  if (current == items_.end() && !item.is_delete && desired_) {
    DecidePrunesLocked(finished, false);
    // Not owned (nothing to prune) and no longer desired: the status this reconcile wrote goes too.
    if (!parts_.inventory.Find(item.key)) parts_.status.Remove(item.key);
  }
  current = items_.find(qk);
  if (current != items_.end()) {  // still wanted (the object may have left while this ran)
    Item& live = current->second;
    live.poll_at.reset();
    switch (action) {
      case ReconcileResult::Action::kDone:
        // Settled: it comes back at the next pass (resync or a changed manifest).
        queue_.Forget(qk);
        live.pending_streak = 0;
        live.last_state.clear();
        pass_remaining_.erase(qk);
        if (not_ready) {
          event.next = Align(finished + parts_.reconcile.pending_poll);
          queue_.AddAt(qk, *event.next);
        }
        if (item.is_delete) items_.erase(current);
        break;
      case ReconcileResult::Action::kRequeueAfter: {
        queue_.Forget(qk);
        // Every poll that finds it still pending doubles the interval, whatever the status says: a
        // status that moves every few seconds must not keep a zone's pending objects on a fast poll.
        live.pending_streak = live.last_state.empty() ? 0 : live.pending_streak + 1;
        live.last_state = state_now.empty() ? std::string("pending") : state_now;
        const Clock::Duration asked = std::chrono::duration_cast<Clock::Duration>(result.after());
        Clock::Duration delay = asked;
        for (int i = 0; i < live.pending_streak && delay < options_.pending_poll_max; ++i) delay *= 2;
        delay = std::max(asked, std::min(delay, options_.pending_poll_max));
        pass_remaining_.erase(qk);
        // apply without --wait takes each object one step; pending work is for --wait or the daemon.
        if (options_.settle && options_.settle->mode == RunMode::kOnce) break;
        event.next = PollRoundLocked(after ? after->zone : std::string(), finished, delay);
        live.poll_at = event.next;
        queue_.AddAt(qk, *event.next);
        break;
      }
      case ReconcileResult::Action::kRetry:
        if (options_.settle && queue_.Failures(qk) >= options_.settle->max_retries) {
          event.gave_up = true;  // apply gives up; the daemon keeps retrying with backoff
          break;
        }
        event.next = finished + queue_.AddWithBackoff(qk, finished);
        break;
      case ReconcileResult::Action::kFailed:
        // Terminal until the manifest or the remote state changes: the next pass looks again, so the
        // retries that may have led here are forgotten (a resync skips only items backing off). The
        // pass stays open, so the last successful sync says something is wrong.
        queue_.Forget(qk);
        break;
    }
    if (options_.settle) RecordSettleLocked(qk, item, event);
    if (pass_open_ && pass_remaining_.empty()) {
      pass_open_ = false;
      last_sync_ = finished_wall;
      synced = true;
    }
    // Still in flight in the queue, so no other reconcile of this object can race this update.
    if (after && !(item.is_delete && action == ReconcileResult::Action::kDone)) {
      ObjectStatus s = *after;
      // Shown to people: the wall time at which the monotonic deadline falls, as of now.
      s.next_action = event.next ? std::optional(clock.WallAt(*event.next)) : std::nullopt;
      parts_.status.Set(std::move(s));
    }
  }
  queue_.Done(qk, finished);
  wake_.notify_all();
  lock.unlock();

  // Still counted busy while reporting, so simulated time does not move on before the report.
  LogOutcome(item, before, after, event);
  parts_.observer.OnReconciled(event);
  if (synced) parts_.observer.OnSyncCompleted(finished_wall);
  lock.lock();
  --busy_;
  wake_.notify_all();
  lock.unlock();
  NotifyQueue();  // after --busy_: a settled daemon reports zero in flight
  lock.lock();
}

void Controller::LogOutcome(const Item& item, const std::optional<ObjectStatus>& before,
                            const std::optional<ObjectStatus>& after, const ReconcileEvent& event) {
  const ObjectStatus shown = after ? *after : before.value_or(ObjectStatus{});
  // The JSON log formatter reads this head back into the fields kind, name, zone and remote_id.
  const std::string who = ObjectLogHead({std::string(manifests::KindName(item.key.kind)), item.key.name, shown.zone,
                                         shown.remote_id.empty() ? item.owned.remote_id : shown.remote_id});
  if (event.result == "retry") {
    parts_.log.warn("{}: retrying in {} s: {}", who,
                    event.next ? WholeSeconds(*event.next - event.started - event.took) : 0, event.status.ToString());
    return;
  }
  if (event.result == "failed") {
    if (StateOf(before) != StateOf(after) || !before || before->last_error != shown.last_error) {
      parts_.log.error("{}: failed: {}", who, event.status.ToString());
    }
    return;
  }
  if (item.is_delete && event.result == "done") {
    parts_.log.info("{}: deleted", who);
    return;
  }
  const bool changed = !before || StateOf(before) != StateOf(after) || before->remote_id != shown.remote_id;
  if (!changed || !after) return;
  if (after->remote_status.empty()) {
    parts_.log.info("{}: {}", who, PhaseName(after->phase));
  } else {
    parts_.log.info("{}: {} ({})", who, PhaseName(after->phase), after->remote_status);
  }
}

std::size_t Controller::WaitingLocked() const {
  const std::size_t waiting = queue_.Waiting();
  return resync_queued_ && waiting > 0 ? waiting - 1 : waiting;
}

void Controller::NotifyQueue() {
  std::size_t waiting = 0;
  std::size_t in_flight = 0;
  {
    std::lock_guard lock(mu_);
    waiting = WaitingLocked();
    in_flight = static_cast<std::size_t>(busy_);
  }
  parts_.observer.OnQueue(waiting, in_flight);
}

}  // namespace edgecert::reconcile
