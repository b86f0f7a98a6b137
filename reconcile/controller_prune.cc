// The Controller's ownership decisions: which owned objects that left the manifests are deleted (through
// the prune guard: past --max-deletions within the sliding window none is, until an operator approves),
// which are forgotten (deletionPolicy Orphan), and recording each object's deletion policy.
#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <limits>

#include "common/object_log_fields.h"
#include "reconcile/controller.h"
#include "reconcile/manifest_ownership.h"
#include "reconcile/planner.h"
#include "reconcile/queue_keys.h"

namespace edgecert::reconcile {
void Controller::DecidePrunesLocked(Clock::MonoTime now, bool new_pass) {
  // Prunes: only ever from a snapshot that loaded (SetDesired is given successful loads only). The
  // --max-deletions cap is applied here, across every decision of one pass.
  PruneGuardOptions guard = options_.prune;
  guard.max_deletions = std::numeric_limits<std::size_t>::max();
  PruneSet prunes = DecidePruneSet(parts_.reconcilers, *desired_, parts_.inventory, guard, true);
  (void)new_pass;
  // An object whose reconcile is still running may write its inventory record once more (it acts on
  // the snapshot it started with): decide about it when it finished.
  auto running = [this](const OwnedObject& o) { return running_.count(o.key) > 0; };
  prunes.orphaned.erase(std::remove_if(prunes.orphaned.begin(), prunes.orphaned.end(), running), prunes.orphaned.end());
  for (const auto& owned : prunes.orphaned) {
    Status forgotten = parts_.inventory.Remove(owned.key);
    if (!forgotten.ok()) {
      parts_.log.error("{}: cannot forget the orphaned object: {}", owned.key.ToString(), forgotten.ToString());
      continue;
    }
    parts_.status.Remove(owned.key);
    if (options_.settle) settle_outcome_.orphaned.push_back(owned.key.ToString());
    parts_.log.info("{}: left the manifests with deletionPolicy Orphan; forgotten, left in place",
                    ObjectLogHeadWithoutZone(
                        {std::string(manifests::KindName(owned.key.kind)), owned.key.name, "", owned.remote_id}));
  }
  std::set<std::string> wanted_deletes;
  std::vector<std::pair<std::string, Item>> allowed;  // already under way, or new
  std::size_t fresh = 0;                              // new: not decided before
  std::vector<ObjectKey> still_running;               // doomed too, decided once their apply returns
  std::set<ObjectKey> doomed;
  for (const auto& owned : prunes.deletable) {
    for (const auto& reconciler : parts_.reconcilers) {
      Reconciler* r = reconciler.get();
      if (r->kind() != owned.key.kind) continue;
      const std::string qk = DeleteQueueKey(owned.key);
      wanted_deletes.insert(qk);
      doomed.insert(owned.key);
      if (running_.count(owned.key) && !items_.count(qk)) {  // its apply is still running
        if (!approved_deletions_.count(owned.key)) still_running.push_back(owned.key);
        continue;
      }
      fresh += items_.count(qk) == 0 && !approved_deletions_.count(owned.key);
      allowed.emplace_back(qk, Item{r, owned.key, true, owned, 0, {}, std::nullopt});
    }
  }
  // The stop: new deletions that, with those under way and those done within the window, would pass
  // --max-deletions are all held back until an operator approves; none of them is carried out.
  if (fresh > 0 || !still_running.empty()) {
    PruneGuardOptions cap = options_.prune;
    // The window is on the wall clock: the deletions it counts are records that outlive the process,
    // and a monotonic time means nothing to the next one. An NTP step can stretch or shrink it once.
    cap.deleted_in_window = parts_.inventory.DeletionsSince(parts_.clock.Now() - options_.prune.window);
    // Those whose apply is still running count now: deciding them later, one by one, would let each
    // decision see fewer deletions than the pass makes.
    const std::size_t would_be = cap.deleted_in_window + allowed.size() + still_running.size();
    if (would_be > cap.max_deletions) {
      const bool approved = options_.take_deletion_approval && options_.take_deletion_approval();
      if (approved) {
        parts_.log.warn("prune guard: an operator approved passing --max-deletions {}: deleting {} object(s)",
                        cap.max_deletions, doomed.size());
        approved_deletions_.insert(doomed.begin(), doomed.end());  // the yes covers those still running
      } else {
        const std::string why = CapHeldBackReason(would_be, cap);
        std::vector<std::pair<std::string, Item>> under_way;
        for (auto& [qk, item] : allowed) {
          if (items_.count(qk) || approved_deletions_.count(item.key)) {
            under_way.emplace_back(qk, item);
          } else {
            prunes.held_back.push_back(item.key.ToString() + ": " + why);
            wanted_deletes.erase(qk);
          }
        }
        for (const auto& key : still_running) prunes.held_back.push_back(key.ToString() + ": " + why);
        allowed = std::move(under_way);
      }
    }
  }
  // An approval lasts while what it covered is still to be deleted.
  std::erase_if(approved_deletions_, [&doomed](const ObjectKey& k) { return !doomed.count(k); });
  for (auto& [qk, item] : allowed) {
    items_.insert_or_assign(qk, item);
    if (queue_.Failures(qk) == 0) queue_.Add(qk, now);
    pass_remaining_.insert(qk);
  }
  for (auto it = items_.begin(); it != items_.end();) {
    if (!it->second.is_delete || wanted_deletes.count(it->first)) {
      ++it;
      continue;
    }
    queue_.Remove(it->first);  // came back into the manifests, or the guard refuses it now
    pass_remaining_.erase(it->first);
    it = items_.erase(it);
  }
  if (prunes.held_back != held_back_) {
    for (const auto& held : prunes.held_back) parts_.log.warn("prune held back: {}", held);
  }
  held_back_ = std::move(prunes.held_back);
}

void Controller::RecordDeletionPolicy(const manifests::DesiredState& desired, const ObjectKey& key) {
  std::optional<OwnedObject> owned = parts_.inventory.Find(key);
  if (!owned || !RecordManifestFacts(desired, *owned)) return;
  Status s = parts_.inventory.Put(*owned);
  if (!s.ok()) parts_.log.warn("{}: cannot record the deletion policy and manifest file: {}", key.ToString(), s.ToString());
}

}  // namespace edgecert::reconcile
