#include "reconcile/kinds/mtls_certificate_reconciler.h"

#include <algorithm>

#include "crypto/x509.h"
#include "reconcile/kinds/kind_support.h"
#include "reconcile/kinds/read_back.h"

namespace edgecert::reconcile {

namespace {

constexpr manifests::Kind kKind = manifests::Kind::kMtlsCertificate;

std::string FingerprintOf(const std::string& pem) {
  auto info = crypto::ParseCertificate(pem);
  return info.ok() ? info->fingerprint_sha256 : std::string();
}

const api::MtlsCertificate* ById(const std::vector<api::MtlsCertificate>& remote, const std::string& id) {
  for (const auto& c : remote) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

const api::MtlsCertificate* ByNameAndFingerprint(const std::vector<api::MtlsCertificate>& remote,
                                                 const std::string& name, const std::string& fingerprint) {
  for (const auto& c : remote) {
    if (c.name.value_or("") == name && FingerprintOf(c.certificates) == fingerprint) return &c;
  }
  return nullptr;
}

// The remote certificate that is the manifest's: the same name and PEM, or the owned one when it holds
// the manifest's PEM (an imported certificate whose API name is no valid metadata.name keeps that name).
const api::MtlsCertificate* Match(const std::vector<api::MtlsCertificate>& remote, const std::string& name,
                                  const std::string& fingerprint, const std::optional<OwnedObject>& owned) {
  if (const auto* match = ByNameAndFingerprint(remote, name, fingerprint)) return match;
  if (!owned) return nullptr;
  const auto* current = ById(remote, owned->remote_id);
  return current != nullptr && FingerprintOf(current->certificates) == fingerprint ? current : nullptr;
}

// Zone ids of the desired zones in `account` (every desired zone when `account` is empty): where a
// certificate of the account may have hostname associations.
Result<std::vector<std::string>> AccountZoneIds(ReconcileContext& ctx, const std::string& account) {
  std::vector<std::string> ids;
  for (const auto& zone : ctx.desired.zones()) {
    if (!account.empty() && zone.account != account) continue;
    auto id = ctx.scopes.ZoneId(ctx.desired, zone.meta.name);
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  return ids;
}

// Moves the associations of `old_id` onto `new_id` (empty: just empties them) in every zone. A PUT
// takes its hostnames away from any other certificate, so one PUT per zone moves them.
Status MoveAssociations(ReconcileContext& ctx, const std::vector<std::string>& zone_ids, const std::string& old_id,
                        const std::string& new_id) {
  for (const auto& zone_id : zone_ids) {
    auto old_set = ctx.actual.HostnameAssociations(zone_id, old_id);
    if (!old_set.ok()) {
      if (old_set.status().code() == StatusCode::kNotFound) return Status::Ok();  // already gone
      return old_set.status();
    }
    if (old_set->hostnames.empty()) continue;
    api::PutHostnameAssociationsRequest request;
    request.mtls_certificate_id = new_id.empty() ? old_id : new_id;
    if (!new_id.empty()) {
      auto new_set = ctx.actual.HostnameAssociations(zone_id, new_id);
      if (!new_set.ok()) return new_set.status();
      request.hostnames = new_set->hostnames;
      request.hostnames.insert(request.hostnames.end(), old_set->hostnames.begin(), old_set->hostnames.end());
      request.hostnames = NormalizeHostSet(request.hostnames);
    }
    auto put = ctx.client.PutHostnameAssociations(zone_id, request);
    ctx.actual.Invalidate(manifests::Kind::kHostnameAssociation, zone_id);
    if (!put.ok()) return put.status();
  }
  return Status::Ok();
}

// Empties (or moves) the associations of a CA and deletes it; a certificate already gone counts as
// deleted. Leaf certificates have no hostname associations.
Status RetireCertificate(ReconcileContext& ctx, const std::string& account_id, const std::vector<std::string>& zone_ids,
                         const api::MtlsCertificate& old, const std::string& new_id) {
  if (old.ca.value_or(false)) {
    if (Status moved = MoveAssociations(ctx, zone_ids, old.id, new_id); !moved.ok()) return moved;
  }
  Status deleted = ctx.client.DeleteMtlsCertificate(account_id, old.id);
  ctx.actual.Invalidate(kKind, account_id);
  return deleted;
}

}  // namespace

std::string MtlsCertificateSpecFingerprint(const manifests::MtlsCertificate& desired) {
  return Fingerprint(desired.meta.name + "|" + FingerprintOf(desired.certificate.pem));
}

Result<std::optional<api::MtlsCertificate>> FindMtlsCertificate(const manifests::MtlsCertificate& desired,
                                                                ReconcileContext& ctx) {
  auto account_id = ctx.scopes.AccountId(ctx.desired, desired.account);
  if (!account_id.ok()) return account_id.status();
  auto remote = ctx.actual.MtlsCertificates(*account_id);
  if (!remote.ok()) return remote.status();
  const auto* match = Match(*remote, desired.meta.name, FingerprintOf(desired.certificate.pem),
                            ctx.inventory.Find(KeyOf(kKind, desired.meta.name)));
  if (match == nullptr) return std::optional<api::MtlsCertificate>();
  return std::optional<api::MtlsCertificate>(*match);
}

Result<PlannedChange> MtlsCertificateReconciler::Plan(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = ctx.desired.FindMtlsCertificate(name);
  if (desired == nullptr) return NotFound("no MTLSCertificate named " + name);
  const ObjectKey key = KeyOf(kKind, name);
  auto account_id = ctx.scopes.AccountId(ctx.desired, desired->account);
  if (!account_id.ok()) return account_id.status();
  auto remote = ctx.actual.MtlsCertificates(*account_id);
  if (!remote.ok()) return remote.status();
  const std::string fingerprint = FingerprintOf(desired->certificate.pem);
  const auto owned = ctx.inventory.Find(key);
  const auto* match = Match(*remote, name, fingerprint, owned);
  const auto* current = owned ? ById(*remote, owned->remote_id) : nullptr;
  if (match != nullptr) {
    if (!owned) return MakeChange(key, desired->account, match->id, ChangeType::kAdopt,
                                  "an unowned certificate with this name and fingerprint exists");
    const bool old_left = std::any_of(owned->superseded_remote_ids.begin(), owned->superseded_remote_ids.end(),
                                      [&](const std::string& id) { return ById(*remote, id) != nullptr; });
    if (owned->remote_id == match->id && !old_left) {
      return MakeChange(key, desired->account, match->id, ChangeType::kNoOp, "");
    }
    auto change = MakeChange(key, desired->account, match->id, ChangeType::kReplace,
                             "replacement in progress: move hostname associations, then delete the old certificate");
    return change;
  }
  if (current == nullptr) {
    return MakeChange(key, desired->account, "", ChangeType::kCreate, "upload the certificate");
  }
  auto change = MakeChange(key, desired->account, current->id, ChangeType::kReplace,
                           "certificates are immutable: upload the new one, move its hostname associations, "
                           "delete the old one");
  change.fields.push_back({"certificate (sha256)", FingerprintOf(current->certificates), fingerprint});
  return change;
}

ReconcileResult MtlsCertificateReconciler::Reconcile(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = ctx.desired.FindMtlsCertificate(name);
  if (desired == nullptr) return ReconcileResult::Failed(NotFound("no MTLSCertificate named " + name));
  const ObjectKey key = KeyOf(kKind, name);
  auto fail = [&](Status why) {
    PublishStatus(ctx, key, desired->account, Phase::kFailed, "", "", why.message());
    return ReconcileResult::FromStatus(std::move(why));
  };
  auto account_id = ctx.scopes.AccountId(ctx.desired, desired->account);
  if (!account_id.ok()) return fail(account_id.status());
  auto remote = ctx.actual.MtlsCertificates(*account_id);
  if (!remote.ok()) return fail(remote.status());
  const std::string fingerprint = FingerprintOf(desired->certificate.pem);
  auto owned = ctx.inventory.Find(key);
  const auto* match = Match(*remote, name, fingerprint, owned);
  const std::string spec = MtlsCertificateSpecFingerprint(*desired);

  // The object this manifest wants: adopt it (after an ambiguous upload too) or upload it.
  std::string new_id;
  std::optional<std::string> expires;
  if (match != nullptr) {
    new_id = match->id;
    expires = match->expires_on;
  } else {
    if (Status s = ctx.inventory.RecordIntent({key, *account_id, name + "|" + fingerprint,
                                               IntentTime(ctx)});
        !s.ok()) {
      return fail(s);
    }
    api::UploadMtlsCertificateRequest request;
    request.certificates = desired->certificate.pem;
    request.ca = desired->ca;
    request.name = name;
    if (desired->private_key) {
      auto key_pem = ReadSecret(*desired->private_key);
      if (!key_pem.ok()) return fail(key_pem.status());
      request.private_key = *key_pem;
    }
    auto uploaded = ctx.client.UploadMtlsCertificate(*account_id, request);
    ctx.actual.Invalidate(kKind, *account_id);
    if (!uploaded.ok()) return fail(uploaded.status());  // kAmbiguous: the next try lists and adopts
    new_id = uploaded->id;
    expires = uploaded->expires_on;
  }
  if (!owned || owned->remote_id != new_id) {
    OwnedObject record;
    record.key = key;
    record.remote_id = new_id;
    record.scope_id = *account_id;
    record.spec_fingerprint = spec;
    record.remote_status = "active";
    if (owned) {
      record.superseded_remote_ids = owned->superseded_remote_ids;
      if (!owned->remote_id.empty()) record.superseded_remote_ids.push_back(owned->remote_id);
    }
    if (Status s = ctx.inventory.CompleteCreate(record); !s.ok()) return fail(s);
    owned = record;
  } else if (ctx.inventory.FindIntent(key)) {
    if (Status s = ctx.inventory.ClearIntent(key); !s.ok()) return fail(s);
  }

  // Replacement: the old certificates' associations move to the new one before they are deleted.
  if (!owned->superseded_remote_ids.empty()) {
    PublishStatus(ctx, key, desired->account, Phase::kProgressing, new_id, "replacing");
    auto zones = AccountZoneIds(ctx, desired->account);
    if (!zones.ok()) return fail(zones.status());
    for (const std::string& old_id : owned->superseded_remote_ids) {
      if (const auto* old = ById(*remote, old_id)) {
        if (Status s = RetireCertificate(ctx, *account_id, *zones, *old, new_id); !s.ok()) return fail(s);
      }
      if (Status s = ctx.inventory.Update([&](InventoryRecords& records) {
            auto& ids = records.objects[key].superseded_remote_ids;
            ids.erase(std::remove(ids.begin(), ids.end(), old_id), ids.end());
            return Status::Ok();
          });
          !s.ok()) {
        return fail(s);
      }
    }
  }
  PublishStatus(ctx, key, desired->account, Phase::kReady, new_id, "active", "", ParseApiTime(expires));
  return ReconcileResult::Done();
}

Result<PlannedChange> MtlsCertificateReconciler::PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto remote = ctx.actual.MtlsCertificates(owned.scope_id);
  if (!remote.ok()) return remote.status();
  if (ById(*remote, owned.remote_id) == nullptr) {
    return MakeChange(owned.key, owned.scope_id, owned.remote_id, ChangeType::kDelete,
                      "left the manifests; already gone remotely, forget it");
  }
  return MakeChange(owned.key, owned.scope_id, owned.remote_id, ChangeType::kDelete,
                    "left the manifests: empty its hostname associations, then delete it");
}

ReconcileResult MtlsCertificateReconciler::Delete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto zones = AccountZoneIds(ctx, "");
  if (!zones.ok()) return ReconcileResult::FromStatus(zones.status());
  auto remote = ctx.actual.MtlsCertificates(owned.scope_id);
  if (!remote.ok()) return ReconcileResult::FromStatus(remote.status());
  std::vector<std::string> ids = owned.superseded_remote_ids;
  ids.push_back(owned.remote_id);
  for (const auto& id : ids) {
    const auto* old = ById(*remote, id);
    if (old == nullptr) continue;
    if (Status s = RetireCertificate(ctx, owned.scope_id, *zones, *old, ""); !s.ok()) {
      PublishStatus(ctx, owned.key, owned.scope_id, Phase::kFailed, owned.remote_id, "", s.message());
      return ReconcileResult::FromStatus(s);
    }
  }
  if (Status s = ctx.inventory.Remove(owned.key); !s.ok()) return ReconcileResult::FromStatus(s);
  ctx.status.Remove(owned.key);
  return ReconcileResult::Done();
}

bool MtlsCertificateReconciler::Ready(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = ctx.desired.FindMtlsCertificate(name);
  if (desired == nullptr) return false;
  auto owned = ctx.inventory.Find(KeyOf(kKind, name));
  auto match = FindMtlsCertificate(*desired, ctx);
  return owned && match.ok() && match->has_value() && (*match)->id == owned->remote_id &&
         owned->superseded_remote_ids.empty();
}

}  // namespace edgecert::reconcile
