#include "reconcile/apply_loop.h"

#include <spdlog/fmt/fmt.h>
#include <spdlog/logger.h>

#include <algorithm>

#include "reconcile/manifest_ownership.h"

namespace edgecert::reconcile {
namespace {

constexpr int kDeleteRankBase = 50;  // deletes sort after every apply rank in the queue

std::string Describe(const ReconcileResult& result) { return result.status().ToString(); }

}  // namespace

ApplyLoop::ApplyLoop(const std::vector<std::unique_ptr<Reconciler>>& reconcilers, Reporter report)
    : reconcilers_(reconcilers), report_(std::move(report)) {}

ApplyOutcome ApplyLoop::Run(ReconcileContext& ctx, const ApplyOptions& options) {
  ApplyOutcome outcome;
  WorkQueue queue(BackoffPolicy{}, 1);
  std::map<std::string, Item> items;
  // Queue keys start with a rank, so items due at the same instant run in dependency order.
  const Clock::TimePoint start = ctx.clock.Now();
  for (std::size_t i = 0; i < reconcilers_.size(); ++i) {
    Reconciler* r = reconcilers_[i].get();
    const std::string kind(manifests::KindName(r->kind()));
    for (const auto& name : ctx.desired.NamesOf(r->kind())) {
      const std::string qk = fmt::format("{:02d}|{}/{}", i, kind, name);
      items[qk] = Item{r, ObjectKey{kind, name}, false, {}};
      queue.Add(qk, start);
    }
  }

  PruneSet prunes = DecidePruneSet(reconcilers_, ctx.desired, ctx.inventory, options.prune, options.desired_loaded);
  for (const auto& owned : prunes.orphaned) {
    Status forgotten = ctx.inventory.Remove(owned.key);
    if (!forgotten.ok()) {
      outcome.failed.push_back(owned.key.ToString() + ": " + forgotten.ToString());
      continue;
    }
    report_(owned.key.ToString() + ": left the manifests with deletionPolicy Orphan; forgotten, left in place");
    outcome.orphaned.push_back(owned.key.ToString());
  }
  for (const auto& held : prunes.held_back) report_("held back: " + held);
  outcome.held_back = prunes.held_back;
  for (std::size_t j = 0; j < prunes.deletable.size(); ++j) {
    const OwnedObject& owned = prunes.deletable[j];
    Reconciler* r = nullptr;
    for (const auto& candidate : reconcilers_) {
      if (manifests::KindName(candidate->kind()) == owned.key.kind) r = candidate.get();
    }
    const std::string qk = fmt::format("{:02d}|delete {}", kDeleteRankBase + j, owned.key.ToString());
    items[qk] = Item{r, owned.key, true, owned};
    queue.Add(qk, start);
  }

  const Clock::TimePoint deadline = start + options.timeout;
  std::set<std::string> finished;
  while (options.stop == nullptr || !options.stop->load()) {
    const Clock::TimePoint now = ctx.clock.Now();
    if (options.mode == RunMode::kWait && now >= deadline) break;
    std::optional<std::string> qk = queue.Pop(now);
    if (!qk) {
      std::optional<Clock::TimePoint> next = queue.NextDue();
      if (!next) break;
      Clock::Duration wait = *next - now;
      if (options.mode == RunMode::kWait) {
        wait = std::min(wait, deadline - now);
        if (options.progress) options.progress(Progress(items, finished, ctx, wait));
      }
      // The daemon wakes at least every second so a stop request is seen promptly.
      if (options.mode == RunMode::kForever) wait = std::min<Clock::Duration>(wait, std::chrono::seconds(1));
      ctx.clock.SleepFor(wait);
      ctx.actual.Clear();  // time passed: what was listed may have moved on
      continue;
    }
    Item& item = items.at(*qk);
    if (Step(*qk, item, ctx, options, queue, outcome)) finished.insert(*qk);
    queue.Done(*qk, ctx.clock.Now());
  }
  if (options.mode == RunMode::kWait) {
    for (const auto& [qk, item] : items) {
      if (finished.count(qk)) continue;
      auto status = ctx.status.Get(item.key);
      std::string where = status ? std::string(PhaseName(status->phase)) +
                                       (status->remote_status.empty() ? "" : ", " + status->remote_status)
                                 : "not started";
      outcome.not_ready.push_back(item.key.ToString() + ": not ready at the timeout (" + where + ")");
    }
  }
  return outcome;
}

bool ApplyLoop::Step(const std::string& qk, Item& item, ReconcileContext& ctx, const ApplyOptions& options,
                     WorkQueue& queue, ApplyOutcome& outcome) {
  ReconcileResult result = item.is_delete ? item.reconciler->Delete(item.owned, ctx)
                                          : item.reconciler->Reconcile(item.key.name, ctx);
  ++outcome.reconciles;
  const Clock::TimePoint now = ctx.clock.Now();
  const bool forever = options.mode == RunMode::kForever;
  switch (result.action()) {
    case ReconcileResult::Action::kDone:
      queue.Forget(qk);
      if (item.is_delete) {
        ctx.status.Remove(item.key);
        last_reported_.erase(item.key);
        report_(item.key.ToString() + ": deleted");
        return true;
      }
      RecordDeletionPolicy(item.key, ctx);
      ReportStatus(item.key, ctx);
      if (forever) {
        queue.AddAt(qk, now + ctx.options.settled_poll);
        return false;
      }
      if (options.mode == RunMode::kWait && !item.reconciler->Ready(item.key.name, ctx)) {
        queue.AddAt(qk, now + ctx.options.pending_poll);
        return false;
      }
      return true;
    case ReconcileResult::Action::kRequeueAfter:
      queue.Forget(qk);
      if (!item.is_delete) RecordDeletionPolicy(item.key, ctx);
      ReportStatus(item.key, ctx);
      if (options.mode == RunMode::kOnce) return true;  // pending work is followed by --wait or the daemon
      queue.AddAt(qk, now + result.after());
      return false;
    case ReconcileResult::Action::kRetry: {
      ReportStatus(item.key, ctx);
      if (!forever && queue.Failures(qk) >= options.max_retries) {
        outcome.failed.push_back(item.key.ToString() + ": gave up after " + std::to_string(options.max_retries) +
                                 " retries: " + Describe(result));
        report_(item.key.ToString() + ": failed: " + Describe(result));
        return true;
      }
      auto delay = queue.AddWithBackoff(qk, now);
      ctx.log.info("{}: retrying in {} ms: {}", item.key.ToString(), delay.count(), Describe(result));
      return false;
    }
    case ReconcileResult::Action::kFailed: {
      ObjectStatus status = ctx.status.Get(item.key).value_or(ObjectStatus{});
      status.key = item.key;
      status.phase = Phase::kFailed;
      status.last_error = result.status().message();
      ctx.status.Set(status);
      ReportStatus(item.key, ctx);
      outcome.failed.push_back(item.key.ToString() + ": " + Describe(result));
      if (forever) {
        queue.AddAt(qk, now + ctx.options.settled_poll);
        return false;
      }
      return true;
    }
  }
  return true;
}

ApplyProgress ApplyLoop::Progress(const std::map<std::string, Item>& items, const std::set<std::string>& finished,
                                  ReconcileContext& ctx, Clock::Duration next_check) const {
  constexpr std::size_t kShown = 3;  // a progress line names a few; the count says the rest
  ApplyProgress progress;
  progress.total = items.size();
  progress.finished = finished.size();
  progress.next_check = next_check;
  for (const auto& [qk, item] : items) {
    if (finished.count(qk) || progress.waiting.size() == kShown) continue;
    std::optional<ObjectStatus> status = ctx.status.Get(item.key);
    std::string what = item.key.ToString();
    if (status && !status->remote_status.empty()) what += " (" + status->remote_status + ")";
    progress.waiting.push_back(std::move(what));
  }
  return progress;
}

void ApplyLoop::ReportStatus(const ObjectKey& key, ReconcileContext& ctx) {
  std::optional<ObjectStatus> status = ctx.status.Get(key);
  if (!status) return;
  const std::string state = std::string(PhaseName(status->phase)) + "|" + status->remote_status;
  if (last_reported_[key] != state) {
    last_reported_[key] = state;
    std::string line = key.ToString() + ": " + std::string(PhaseName(status->phase));
    if (!status->remote_status.empty()) line += " (" + status->remote_status + ")";
    if (!status->remote_id.empty()) line += " id " + status->remote_id;
    if (status->phase == Phase::kFailed && !status->last_error.empty()) line += ": " + status->last_error;
    report_(line);
  }
  std::size_t& shown = records_reported_[key];
  if (status->validation_records.size() > shown) {
    for (std::size_t i = shown; i < status->validation_records.size(); ++i) {
      const ValidationRecord& r = status->validation_records[i];
      report_("  validation record to create: " + r.type + " " + r.name + " " + r.value);
    }
    shown = status->validation_records.size();
  }
}

void ApplyLoop::RecordDeletionPolicy(const ObjectKey& key, ReconcileContext& ctx) {
  std::optional<OwnedObject> owned = ctx.inventory.Find(key);
  if (!owned || !RecordManifestFacts(ctx.desired, *owned)) return;
  Status s = ctx.inventory.Put(*owned);
  if (!s.ok()) ctx.log.warn("{}: cannot record the deletion policy and manifest file: {}", key.ToString(), s.ToString());
}

}  // namespace edgecert::reconcile
