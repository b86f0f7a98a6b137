#include "reconcile/kinds/certificate_pack_reconciler.h"

#include <spdlog/logger.h>

#include <algorithm>
#include <set>

#include "reconcile/kinds/certificate_pack_view.h"
#include "reconcile/kinds/kind_support.h"
#include "reconcile/kinds/read_back.h"

namespace edgecert::reconcile {
namespace {

constexpr manifests::Kind kKind = manifests::Kind::kCertificatePack;

// The desired state keeps each kind sorted by name: a binary search keeps a 10,000-pack plan linear.
const manifests::CertificatePack* FindPack(const manifests::DesiredState& desired, const std::string& name) {
  const auto& packs = desired.certificate_packs();
  auto it = std::lower_bound(packs.begin(), packs.end(), name,
                             [](const manifests::CertificatePack& p, const std::string& n) { return p.meta.name < n; });
  return it != packs.end() && it->meta.name == name ? &*it : nullptr;
}

// The owned record updated with what the API said, keeping the last validation records seen.
OwnedObject Refresh(OwnedObject owned, const api::CertificatePack& pack, const manifests::CertificatePack& desired) {
  owned.remote_status = pack.status;
  owned.spec_fingerprint = PackSpecFingerprint(desired);
  std::vector<ValidationRecord> records = ToValidationRecords(pack);
  if (!records.empty()) owned.validation_records = std::move(records);
  return owned;
}

// When the pack's certificates stop being valid: the earliest expiry of the certificates it serves.
std::optional<Clock::TimePoint> PackExpiry(const api::CertificatePack& pack) {
  std::optional<Clock::TimePoint> earliest;
  for (const auto& certificate : pack.certificates) {
    auto expires = ParseApiTime(certificate.expires_on);
    if (expires && (!earliest || *expires < *earliest)) earliest = expires;
  }
  return earliest;
}

void PublishStatus(ReconcileContext& ctx, const manifests::CertificatePack& desired, const OwnedObject& owned,
                   Phase phase, const std::string& error = "",
                   std::optional<Clock::TimePoint> expires_on = std::nullopt) {
  ObjectStatus status = ctx.status.Get(owned.key).value_or(ObjectStatus{});
  status.key = owned.key;
  status.zone = desired.zone;
  status.phase = phase;
  status.remote_id = owned.remote_id;
  status.remote_status = owned.remote_status;
  status.validation_records = owned.validation_records;
  status.last_error = error;
  status.expires_on = expires_on;
  ctx.status.Set(std::move(status));
}

struct Scope {
  std::string zone_id;
  std::shared_ptr<const std::vector<api::CertificatePack>> list;
  const std::vector<api::CertificatePack>& packs() const { return *list; }
};

Result<Scope> ReadScope(const manifests::CertificatePack& desired, ReconcileContext& ctx) {
  auto zone_id = ctx.scopes.ZoneId(ctx.desired, desired.zone);
  if (!zone_id.ok()) return zone_id.status();
  auto packs = ctx.actual.SharedCertificatePacks(*zone_id);
  if (!packs.ok()) return packs.status().WithContext("list certificate packs of " + desired.zone);
  return Scope{*zone_id, std::move(packs).value()};
}

// Orders the desired pack: intent first, so a crash or an ambiguous answer is followed by adoption.
ReconcileResult Order(const manifests::CertificatePack& desired, const std::string& zone_id,
                      std::vector<std::string> superseded, ReconcileContext& ctx) {
  const ObjectKey key{kKind, desired.meta.name};
  Status recorded = ctx.inventory.RecordIntent({key, zone_id, MatchKeyForHosts(desired.hosts), ctx.clock.Now()});
  if (!recorded.ok()) return ReconcileResult::Retry(recorded);
  api::OrderCertificatePackRequest request;
  request.hosts = desired.hosts;
  request.validation_method = desired.validation_method;
  request.validity_days = desired.validity_days;
  request.certificate_authority = desired.certificate_authority;
  if (desired.cloudflare_branding) request.cloudflare_branding = true;  // false is the API's default
  auto ordered = ctx.client.OrderCertificatePack(zone_id, request);
  if (!ordered.ok()) {
    // The intent stays: the next try lists and adopts what an ambiguous order may have created.
    ctx.actual.Invalidate(kKind, zone_id);
    return ReconcileResult::FromStatus(ordered.status().WithContext("order certificate pack"));
  }
  // The answer is the new pack: the zone's cached list gains it, so the next order there lists nothing.
  ctx.actual.PutCertificatePack(zone_id, *ordered);
  OwnedObject owned = Refresh(OwnedObject{key, ordered->id, zone_id, "", "", {}, std::move(superseded), false,
                                          desired.meta.manifest_file},
                              *ordered, desired);
  Status completed = ctx.inventory.CompleteCreate(owned);
  if (!completed.ok()) return ReconcileResult::Retry(completed);
  ctx.log.info("CertificatePack/{}: ordered pack {} in zone {} ({})", desired.meta.name, ordered->id, desired.zone,
               JoinHostSet(desired.hosts));
  PublishStatus(ctx, desired, owned, Phase::kProgressing);
  return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
}

// The adoption a difference needs: kAdopt when equal, else in place or by a replacement.
ChangeType AdoptionType(const std::vector<FieldChange>& fields) {
  if (fields.empty()) return ChangeType::kAdopt;
  const bool replace = std::any_of(fields.begin(), fields.end(), [](const FieldChange& f) {
    return f.field == "hosts" || f.field == "certificate_authority" || f.field == "validity_days";
  });
  return replace ? ChangeType::kAdoptAndReplace : ChangeType::kAdoptAndUpdate;
}

std::string ConflictReason(const api::CertificatePack& pack, const std::vector<FieldChange>& fields) {
  const bool replace = AdoptionType(fields) == ChangeType::kAdoptAndReplace;
  return "an unowned pack with the same hosts exists (" + pack.status +
         ") but differs; edgecert leaves it alone and orders nothing beside it. Make the manifest equal it, "
         "remove it, or set spec.adoptionPolicy: " +
         (replace ? "Replace (adopt it, order the new pack, delete this one once the new one is active)"
                  : "Update (adopt it and change it in place)");
}

}  // namespace

Result<PlannedChange> CertificatePackReconciler::Plan(const std::string& name, ReconcileContext& ctx) {
  const manifests::CertificatePack* desired = FindPack(ctx.desired, name);
  if (desired == nullptr) return NotFound("CertificatePack " + name + " is not in the manifests");
  auto scope = ReadScope(*desired, ctx);
  if (!scope.ok()) return scope.status();
  const ObjectKey key{kKind, name};
  PackView view = ViewPacks(*desired, scope->packs(), ctx.inventory.Find(key), ctx.inventory.FindIntent(key),
                            ctx.inventory);
  PlannedChange change;
  change.kind = kKind;
  change.name = name;
  change.zone = desired->zone;
  if (!view.current && view.conflict) {
    change.type = ChangeType::kConflict;
    change.remote_id = view.conflict->id;
    change.fields = view.conflict_fields;
    change.reason = ConflictReason(*view.conflict, view.conflict_fields);
    return change;
  }
  if (!view.current || (view.adoptable && ctx.inventory.FindIntent(key))) {
    if (view.adoptable) {
      change.remote_id = view.adoptable->id;
      change.fields = view.adopt_fields;
      change.type = AdoptionType(view.adopt_fields);
      change.reason = "an unowned pack with the same hosts exists (" + view.adoptable->status + ")";
      if (change.type == ChangeType::kAdoptAndUpdate) change.reason += "; adoptionPolicy lets it be changed in place";
      if (change.type == ChangeType::kAdoptAndReplace) {
        change.reason += "; adoptionPolicy Replace: order the new pack, delete this one once the new one is active";
      }
    } else {
      change.type = ChangeType::kCreate;
      change.reason = "no pack covers exactly " + JoinHostSet(desired->hosts);
      change.fields = {{"hosts", "", JoinHostSet(desired->hosts)},
                       {"certificate_authority", "", desired->certificate_authority},
                       {"validity_days", "", std::to_string(desired->validity_days)},
                       {"validation_method", "", desired->validation_method}};
    }
    return change;
  }
  change.remote_id = view.current->id;
  if (!view.replace_fields.empty()) {
    change.type = ChangeType::kReplace;
    change.fields = view.replace_fields;
    change.reason = "hosts, CA and validity cannot change in place: order the new pack, delete the old once active";
  } else if (!view.update_fields.empty()) {
    change.type = ChangeType::kUpdate;
    change.fields = view.update_fields;
    change.reason = "changed in place";
  } else if (!view.superseded_present.empty()) {
    change.type = ChangeType::kReplace;
    change.reason = "replacement in progress: the old pack is deleted once this one is active (" +
                    view.current->status + ")";
  } else {
    change.type = ChangeType::kNoOp;
    change.reason = view.current->status;
  }
  return change;
}

ReconcileResult CertificatePackReconciler::Reconcile(const std::string& name, ReconcileContext& ctx) {
  const manifests::CertificatePack* desired = FindPack(ctx.desired, name);
  if (desired == nullptr) return ReconcileResult::Failed(NotFound("CertificatePack " + name + " is not in the manifests"));
  auto scope = ReadScope(*desired, ctx);
  if (!scope.ok()) return ReconcileResult::FromStatus(scope.status());
  const std::string& zone_id = scope->zone_id;
  const ObjectKey key{kKind, name};
  std::optional<OwnedObject> owned = ctx.inventory.Find(key);
  std::optional<CreateIntent> intent = ctx.inventory.FindIntent(key);
  PackView view = ViewPacks(*desired, scope->packs(), owned, intent, ctx.inventory);

  if (!view.current && !view.adoptable && view.conflict) {
    // Someone else's pack holds these hosts: never adopted, changed, deleted, or doubled by a new order.
    const std::string why = ConflictReason(*view.conflict, view.conflict_fields);
    OwnedObject seen;
    seen.key = key;
    seen.remote_id = view.conflict->id;
    seen.remote_status = view.conflict->status;
    PublishStatus(ctx, *desired, seen, Phase::kFailed, "conflict: " + why);
    return ReconcileResult::Failed(FailedPrecondition("conflict with pack " + view.conflict->id + ": " + why));
  }
  if (view.adoptable && (!view.current || intent)) {
    // Adopt what an earlier (crashed or ambiguous) order created, or an unowned matching pack. A pack
    // being replaced stays superseded, so it is still deleted once the adopted one is active.
    std::vector<std::string> superseded = owned ? owned->superseded_remote_ids : std::vector<std::string>{};
    if (owned && owned->remote_id != view.adoptable->id &&
        std::find(superseded.begin(), superseded.end(), owned->remote_id) == superseded.end()) {
      superseded.push_back(owned->remote_id);
    }
    OwnedObject adopted = Refresh(OwnedObject{key, view.adoptable->id, zone_id, "", "", {}, superseded, false,
                                              desired->meta.manifest_file},
                                  *view.adoptable, *desired);
    Status s = ctx.inventory.CompleteCreate(adopted);
    if (!s.ok()) return ReconcileResult::Retry(s);
    ctx.log.info("CertificatePack/{}: adopted pack {} ({})", name, adopted.remote_id, adopted.remote_status);
    owned = adopted;
    view = ViewPacks(*desired, scope->packs(), owned, std::nullopt, ctx.inventory);
  }
  if (!view.current) {
    std::vector<std::string> superseded = owned ? view.superseded_present : std::vector<std::string>{};
    return Order(*desired, zone_id, std::move(superseded), ctx);
  }
  if (intent && view.replace_fields.empty()) {
    // An intent nothing matched while the owned pack is what the manifest wants: that order never happened.
    Status s = ctx.inventory.ClearIntent(key);
    if (!s.ok()) return ReconcileResult::Retry(s);
  }
  if (!view.replace_fields.empty()) {
    std::vector<std::string> superseded = view.superseded_present;
    superseded.push_back(view.current->id);
    ctx.log.info("CertificatePack/{}: replacing pack {}: {} changed", name, view.current->id,
                 view.replace_fields.front().field);
    return Order(*desired, zone_id, std::move(superseded), ctx);
  }

  api::CertificatePack current = *view.current;
  for (const auto& field : view.update_fields) {
    if (field.field == "validation_method") {
      auto changed = ctx.client.PatchVerificationMethod(zone_id, current.id, desired->validation_method);
      if (!changed.ok()) return ReconcileResult::FromStatus(changed.status().WithContext("change validation method"));
    } else if (field.field == "cloudflare_branding") {
      api::PatchCertificatePackRequest patch;
      patch.cloudflare_branding = desired->cloudflare_branding;
      auto patched = ctx.client.PatchCertificatePack(zone_id, current.id, patch);
      if (!patched.ok()) return ReconcileResult::FromStatus(patched.status().WithContext("update cloudflare_branding"));
      current.status = patched->status;
    }
    ctx.actual.Invalidate(kKind, zone_id);
    ctx.log.info("CertificatePack/{}: updated {} of pack {}", name, field.field, current.id);
  }

  OwnedObject record = Refresh(*owned, current, *desired);
  ObjectStatus seen = ctx.status.Get(key).value_or(ObjectStatus{});

  if (IsTimedOut(current.status)) {
    const int restarts = seen.validation_restarts;
    if (current.status != "validation_timed_out" || restarts >= ctx.options.max_validation_restarts) {
      std::string why = "pack " + current.id + " is " + current.status;
      if (current.status == "validation_timed_out") {
        why += " after " + std::to_string(restarts) + " validation restarts";
      }
      for (const auto& e : current.validation_errors) why += "; " + e;
      (void)ctx.inventory.Put(record);
      PublishStatus(ctx, *desired, record, Phase::kFailed, why);
      return ReconcileResult::Failed(FailedPrecondition(why));
    }
    auto restarted = ctx.client.PatchCertificatePack(zone_id, current.id, {});
    ctx.actual.Invalidate(kKind, zone_id);
    if (!restarted.ok()) return ReconcileResult::FromStatus(restarted.status().WithContext("restart validation"));
    record.remote_status = restarted->status;
    Status s = ctx.inventory.Put(record);
    if (!s.ok()) return ReconcileResult::Retry(s);
    PublishStatus(ctx, *desired, record, Phase::kProgressing);
    ObjectStatus counted = ctx.status.Get(key).value_or(ObjectStatus{});
    counted.validation_restarts = restarts + 1;
    ctx.status.Set(counted);
    ctx.log.info("CertificatePack/{}: restarted validation of pack {} (try {} of {})", name, current.id,
                 restarts + 1, ctx.options.max_validation_restarts);
    // Backoff between restarts: the first after the pending poll, then doubling.
    return ReconcileResult::RequeueAfter(ctx.options.pending_poll * (1 << std::min(restarts, 10)));
  }

  if (current.status == "active" && !view.superseded_present.empty()) {
    // The replacement is active: now, and only now, the old packs go.
    for (const auto& old : view.superseded_present) {
      Status deleted = ctx.client.DeleteCertificatePack(zone_id, old);
      if (!deleted.ok()) {
        ctx.actual.Invalidate(kKind, zone_id);
        return ReconcileResult::FromStatus(deleted.WithContext("delete superseded pack " + old));
      }
      ctx.actual.EraseCertificatePack(zone_id, old);
      ctx.log.info("CertificatePack/{}: deleted superseded pack {}", name, old);
    }
    record.superseded_remote_ids.clear();
  } else if (view.superseded_present.size() != record.superseded_remote_ids.size()) {
    record.superseded_remote_ids = view.superseded_present;  // gone already (deleted out of band)
  }
  Status s = ctx.inventory.Put(record);
  if (!s.ok()) return ReconcileResult::Retry(s);
  if (current.status == "active") {
    PublishStatus(ctx, *desired, record, Phase::kReady, "", PackExpiry(current));
    ObjectStatus reset = ctx.status.Get(key).value_or(ObjectStatus{});
    reset.validation_restarts = 0;
    ctx.status.Set(reset);
    return ReconcileResult::Done();
  }
  PublishStatus(ctx, *desired, record, Phase::kProgressing);
  return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
}

Result<PlannedChange> CertificatePackReconciler::PlanDelete(const OwnedObject& owned, ReconcileContext&) {
  PlannedChange change;
  change.kind = kKind;
  change.name = owned.key.name;
  change.zone = owned.scope_id;
  change.remote_id = owned.remote_id;
  change.type = ChangeType::kDelete;
  change.reason = "owned and no longer in the manifests";
  return change;
}

namespace {

// The hosts of the packs about to be deleted that a desired pack of the same zone still wants and no
// other active pack covers yet. A pruned pack waits for them (a renamed or re-split pack must be active
// first), so a prune never uncovers a host, whatever order the loop runs deletes and creates in.
Result<std::vector<std::string>> HostsDeletionWouldUncover(const OwnedObject& owned, const std::vector<std::string>& ids,
                                                           ReconcileContext& ctx) {
  auto listed = ctx.actual.SharedCertificatePacks(owned.scope_id);
  if (!listed.ok()) return listed.status();
  std::set<std::string> wanted;
  for (const auto& pack : ctx.desired.certificate_packs()) {
    auto zone_id = ctx.scopes.ZoneId(ctx.desired, pack.zone);
    if (!zone_id.ok() || *zone_id != owned.scope_id) continue;
    for (const auto& host : pack.hosts) wanted.insert(NormalizeHostname(host));
  }
  std::set<std::string> doomed_hosts, covered;
  for (const auto& pack : **listed) {
    const bool doomed = std::find(ids.begin(), ids.end(), pack.id) != ids.end();
    for (const auto& host : pack.hosts) {
      // A doomed pack that is not active serves nothing, so deleting it uncovers nothing.
      if (doomed && pack.status == "active") doomed_hosts.insert(NormalizeHostname(host));
      if (!doomed && pack.status == "active") covered.insert(NormalizeHostname(host));
    }
  }
  std::vector<std::string> uncovered;
  for (const auto& host : doomed_hosts) {
    if (wanted.count(host) && !covered.count(host)) uncovered.push_back(host);
  }
  return uncovered;
}

}  // namespace

ReconcileResult CertificatePackReconciler::Delete(const OwnedObject& owned, ReconcileContext& ctx) {
  std::vector<std::string> ids = owned.superseded_remote_ids;
  ids.push_back(owned.remote_id);
  auto uncovered = HostsDeletionWouldUncover(owned, ids, ctx);
  if (!uncovered.ok()) return ReconcileResult::FromStatus(uncovered.status().WithContext("list certificate packs"));
  if (!uncovered->empty()) {
    ObjectStatus status = ctx.status.Get(owned.key).value_or(ObjectStatus{});
    status.key = owned.key;
    status.phase = Phase::kDeleting;
    status.remote_id = owned.remote_id;
    status.last_error = "delete waits until another active pack covers " + JoinHostSet(*uncovered) +
                        " (wanted by the manifests)";
    if (ctx.status.Set(status)) {
      ctx.log.info("CertificatePack/{} id={}: {}", owned.key.name, owned.remote_id, status.last_error);
    }
    return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
  }
  for (const auto& id : ids) {
    Status deleted = ctx.client.DeleteCertificatePack(owned.scope_id, id);  // 404 counts as gone
    if (!deleted.ok()) {
      ctx.actual.Invalidate(kKind, owned.scope_id);
      return ReconcileResult::FromStatus(deleted.WithContext("delete certificate pack " + id));
    }
    ctx.actual.EraseCertificatePack(owned.scope_id, id);
  }
  Status s = ctx.inventory.Remove(owned.key);
  if (!s.ok()) return ReconcileResult::Retry(s);
  ctx.log.info("CertificatePack/{}: deleted pack {}", owned.key.name, owned.remote_id);
  return ReconcileResult::Done();
}

bool CertificatePackReconciler::Ready(const std::string& name, ReconcileContext& ctx) {
  const manifests::CertificatePack* desired = FindPack(ctx.desired, name);
  if (desired == nullptr) return false;
  auto scope = ReadScope(*desired, ctx);
  if (!scope.ok()) return false;
  const ObjectKey key{kKind, name};
  PackView view = ViewPacks(*desired, scope->packs(), ctx.inventory.Find(key), std::nullopt, ctx.inventory);
  return view.current && view.current->status == "active" && view.replace_fields.empty() &&
         view.update_fields.empty() && view.superseded_present.empty();
}

}  // namespace edgecert::reconcile
