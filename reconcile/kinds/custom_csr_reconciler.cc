#include "reconcile/kinds/custom_csr_reconciler.h"

#include <algorithm>

#include "crypto/x509.h"
#include "reconcile/state/atomic_file.h"
#include "reconcile/kinds/kind_support.h"
#include "reconcile/kinds/read_back.h"

namespace edgecert::reconcile {

namespace {

constexpr manifests::Kind kKind = manifests::Kind::kCustomCsr;
constexpr int kKeyInUse = 1466;  // "The CSR's private key is in use by a custom certificate"
constexpr auto kCsrMode = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                          std::filesystem::perms::group_read | std::filesystem::perms::others_read;

std::string KeyTypeName(crypto::KeyType type) { return type == crypto::KeyType::kP256 ? "p256v1" : "rsa2048"; }

// The subject, SANs and key type, as one comparable line (also the create intent's match key).
std::string Identity(const crypto::DistinguishedName& subject, const std::vector<std::string>& sans,
                     const std::string& key_type) {
  return "C=" + subject.country + "|ST=" + subject.state + "|L=" + subject.locality + "|O=" + subject.organization +
         "|OU=" + subject.organizational_unit + "|CN=" + subject.common_name + "|SANs=" + JoinHostSet(sans) +
         "|key=" + key_type;
}

std::string DesiredIdentity(const manifests::CustomCsr& desired) {
  return Identity(desired.subject, desired.sans, KeyTypeName(desired.key_type));
}

std::string RemoteIdentity(const api::CustomCsr& csr) {
  crypto::DistinguishedName subject;
  subject.country = csr.country.value_or("");
  subject.state = csr.state.value_or("");
  subject.locality = csr.locality.value_or("");
  subject.organization = csr.organization.value_or("");
  subject.organizational_unit = csr.organizational_unit.value_or("");
  subject.common_name = csr.common_name;
  return Identity(subject, csr.sans, csr.key_type.value_or("rsa2048"));
}

const api::CustomCsr* ById(const std::vector<api::CustomCsr>& remote, const std::string& id) {
  for (const auto& c : remote) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

struct Observed {
  std::string zone_id;
  std::optional<OwnedObject> owned;
  std::optional<api::CustomCsr> current;  // owned and matching, or matching and adoptable
  bool adoptable = false;
  std::optional<api::CustomCsr> owned_stale;  // owned but with another subject: to be replaced
  bool file_stale = false;
  std::vector<std::string> superseded_left;  // old CSRs still present
};

Result<Observed> Observe(const manifests::CustomCsr& desired, ReconcileContext& ctx) {
  Observed seen;
  auto zone_id = ctx.scopes.ZoneId(ctx.desired, desired.zone);
  if (!zone_id.ok()) return zone_id.status();
  seen.zone_id = *zone_id;
  auto remote = ctx.actual.CustomCsrs(seen.zone_id);
  if (!remote.ok()) return remote.status();
  seen.owned = ctx.inventory.Find(KeyOf(kKind, desired.meta.name));
  const std::string want = DesiredIdentity(desired);
  if (seen.owned) {
    if (const auto* c = ById(*remote, seen.owned->remote_id)) {
      if (RemoteIdentity(*c) == want) {
        seen.current = *c;
      } else {
        seen.owned_stale = *c;
      }
    }
    for (const auto& id : seen.owned->superseded_remote_ids) {
      if (ById(*remote, id) != nullptr) seen.superseded_left.push_back(id);
    }
  }
  if (!seen.current) {
    for (const auto& c : *remote) {
      if (RemoteIdentity(c) != want) continue;
      // A CSR another manifest object owns is not ours to adopt.
      if (auto other = ctx.inventory.FindByRemoteId(kKind, c.id); other && other->key.name != desired.meta.name) {
        continue;
      }
      seen.current = c;
      seen.adoptable = true;
      break;
    }
  }
  if (seen.current && !desired.resolved_csr_output_file.empty()) {
    auto file = ReadFileIfExists(desired.resolved_csr_output_file);
    if (!file.ok()) return file.status();
    seen.file_stale = !file->has_value() || **file != crypto::NormalizePem(seen.current->csr);
  }
  return seen;
}

Status WriteCsr(const manifests::CustomCsr& desired, const api::CustomCsr& csr) {
  if (desired.resolved_csr_output_file.empty()) return Status::Ok();
  // NormalizePem turns JSON-escaped "\n" into real newlines and ends the file with one.
  return WriteFileAtomically(desired.resolved_csr_output_file, crypto::NormalizePem(csr.csr), kCsrMode);
}

const manifests::CustomCsr* FindDesired(const manifests::DesiredState& desired, const std::string& name) {
  return desired.FindCustomCsr(name);
}

}  // namespace

std::string CustomCsrSpecFingerprint(const manifests::CustomCsr& desired) {
  return Fingerprint(DesiredIdentity(desired));
}

Result<std::string> CustomCsrRemoteId(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return NotFound("no CustomCSR named " + name);
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return seen.status();
  return seen->current ? seen->current->id : std::string();
}

Result<PlannedChange> CustomCsrReconciler::Plan(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return NotFound("no CustomCSR named " + name);
  const ObjectKey key = KeyOf(kKind, name);
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return seen.status();
  if (seen->owned_stale) {
    auto change = MakeChange(key, desired->zone, seen->owned_stale->id, ChangeType::kReplace,
                             "CSRs are immutable: create the new one, delete the old one once no hostname uses it");
    change.fields.push_back({"subject", RemoteIdentity(*seen->owned_stale), DesiredIdentity(*desired)});
    return change;
  }
  if (!seen->current) return MakeChange(key, desired->zone, "", ChangeType::kCreate, "create the CSR and write it");
  if (seen->adoptable) {
    return MakeChange(key, desired->zone, seen->current->id, ChangeType::kAdopt,
                      "an unowned CSR with this subject, SANs and key type exists");
  }
  auto change = MakeChange(key, desired->zone, seen->current->id, ChangeType::kNoOp, "");
  if (seen->file_stale) {
    change.type = ChangeType::kUpdate;
    change.reason = "write the CSR file";
    change.fields.push_back({"csrOutputFile", "(missing or different)", desired->csr_output_file});
  }
  if (!seen->superseded_left.empty()) {
    change.type = ChangeType::kUpdate;
    change.reason = "delete the CSR this one replaced once no hostname uses it";
  }
  return change;
}

ReconcileResult CustomCsrReconciler::Reconcile(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return ReconcileResult::Failed(NotFound("no CustomCSR named " + name));
  const ObjectKey key = KeyOf(kKind, name);
  auto fail = [&](Status why, const std::string& id = "") {
    PublishStatus(ctx, key, desired->zone, Phase::kFailed, id, "", why.message());
    return ReconcileResult::FromStatus(std::move(why));
  };
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return fail(seen.status());
  const std::string identity = DesiredIdentity(*desired);

  api::CustomCsr current;
  if (seen->current) {
    current = *seen->current;
  } else {
    if (Status s = ctx.inventory.RecordIntent({key, seen->zone_id, identity, IntentTime(ctx)}); !s.ok()) return fail(s);
    api::CreateCustomCsrRequest request;
    request.country = desired->subject.country;
    request.state = desired->subject.state;
    request.locality = desired->subject.locality;
    request.organization = desired->subject.organization;
    if (!desired->subject.organizational_unit.empty()) request.organizational_unit = desired->subject.organizational_unit;
    request.common_name = desired->subject.common_name;
    request.sans = desired->sans;
    request.key_type = KeyTypeName(desired->key_type);
    auto created = ctx.client.CreateCustomCsr(seen->zone_id, request);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!created.ok()) return fail(created.status());  // kAmbiguous: the next try adopts by subject
    current = *created;
  }
  if (!seen->owned || seen->owned->remote_id != current.id) {
    OwnedObject record;
    record.key = key;
    record.remote_id = current.id;
    record.scope_id = seen->zone_id;
    record.spec_fingerprint = CustomCsrSpecFingerprint(*desired);
    record.remote_status = "active";
    if (seen->owned) {
      record.superseded_remote_ids = seen->owned->superseded_remote_ids;
      if (!seen->owned->remote_id.empty()) record.superseded_remote_ids.push_back(seen->owned->remote_id);
      seen->superseded_left = record.superseded_remote_ids;
    }
    if (Status s = ctx.inventory.CompleteCreate(record); !s.ok()) return fail(s);
    seen->file_stale = !desired->resolved_csr_output_file.empty();
  } else if (ctx.inventory.FindIntent(key)) {
    if (Status s = ctx.inventory.ClearIntent(key); !s.ok()) return fail(s);
  }
  if (seen->file_stale) {
    if (Status s = WriteCsr(*desired, current); !s.ok()) return fail(s, current.id);
  }

  // The replaced CSRs go once custom hostnames moved to the new key; until then, wait (not a failure).
  bool waiting = false;
  for (const std::string& old_id : seen->superseded_left) {
    Status deleted = ctx.client.DeleteCustomCsr(seen->zone_id, old_id);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!deleted.ok() && HasApiErrorCode(deleted, kKeyInUse)) {
      waiting = true;
      continue;
    }
    if (!deleted.ok()) return fail(deleted, current.id);
    if (Status s = ctx.inventory.Update([&](InventoryRecords& records) {
          auto& ids = records.objects[key].superseded_remote_ids;
          ids.erase(std::remove(ids.begin(), ids.end(), old_id), ids.end());
          return Status::Ok();
        });
        !s.ok()) {
      return fail(s);
    }
  }
  if (waiting) {
    PublishStatus(ctx, key, desired->zone, Phase::kProgressing, current.id, "old CSR still in use");
    return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
  }
  PublishStatus(ctx, key, desired->zone, Phase::kReady, current.id, "active");
  return ReconcileResult::Done();
}

Result<PlannedChange> CustomCsrReconciler::PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto remote = ctx.actual.CustomCsrs(owned.scope_id);
  if (!remote.ok()) return remote.status();
  return MakeChange(owned.key, owned.scope_id, owned.remote_id, ChangeType::kDelete,
                    ById(*remote, owned.remote_id) == nullptr ? "left the manifests; already gone remotely, forget it"
                                                              : "left the manifests: delete the CSR");
}

ReconcileResult CustomCsrReconciler::Delete(const OwnedObject& owned, ReconcileContext& ctx) {
  std::vector<std::string> ids = owned.superseded_remote_ids;
  ids.push_back(owned.remote_id);
  for (const auto& id : ids) {
    Status deleted = ctx.client.DeleteCustomCsr(owned.scope_id, id);
    ctx.actual.Invalidate(kKind, owned.scope_id);
    if (deleted.ok()) continue;
    if (HasApiErrorCode(deleted, kKeyInUse)) {
      // Terminal until a custom hostname stops using the key: say so instead of retrying forever.
      Status why = FailedPrecondition("CSR " + id + " is in use and cannot be deleted: a custom hostname's "
                                      "certificate uses its key; remove or re-key that custom hostname first");
      PublishStatus(ctx, owned.key, owned.scope_id, Phase::kFailed, owned.remote_id, "in use", why.message());
      return ReconcileResult::Failed(why);
    }
    PublishStatus(ctx, owned.key, owned.scope_id, Phase::kFailed, owned.remote_id, "", deleted.message());
    return ReconcileResult::FromStatus(deleted);
  }
  if (Status s = ctx.inventory.Remove(owned.key); !s.ok()) return ReconcileResult::FromStatus(s);
  ctx.status.Remove(owned.key);
  return ReconcileResult::Done();
}

bool CustomCsrReconciler::Ready(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return false;
  auto seen = Observe(*desired, ctx);
  return seen.ok() && seen->current && !seen->adoptable && !seen->file_stale;
}

}  // namespace edgecert::reconcile
