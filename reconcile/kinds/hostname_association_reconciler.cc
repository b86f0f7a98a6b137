#include "reconcile/kinds/hostname_association_reconciler.h"

#include "reconcile/kinds/kind_support.h"
#include "reconcile/kinds/mtls_certificate_reconciler.h"
#include "reconcile/kinds/read_back.h"

namespace edgecert::reconcile {

namespace {

constexpr manifests::Kind kKind = manifests::Kind::kHostnameAssociation;

const manifests::HostnameAssociation* FindDesired(const manifests::DesiredState& desired, const std::string& name) {
  for (const auto& a : desired.hostname_associations()) {
    if (a.meta.name == name) return &a;
  }
  return nullptr;
}

// What one pass sees of an association: zone id, certificate id (empty while the certificate does
// not exist yet) and the hostnames currently associated to it.
struct Observed {
  std::string zone_id;
  std::string certificate_id;
  std::vector<std::string> hostnames;
};

Result<Observed> Observe(const manifests::HostnameAssociation& desired, ReconcileContext& ctx) {
  Observed seen;
  auto zone_id = ctx.scopes.ZoneId(ctx.desired, desired.zone);
  if (!zone_id.ok()) return zone_id.status();
  seen.zone_id = *zone_id;
  const auto* certificate = ctx.desired.FindMtlsCertificate(desired.mtls_certificate);
  if (certificate == nullptr) return NotFound("no MTLSCertificate named " + desired.mtls_certificate);
  // The certificate that holds the manifest's PEM now; its owned record may still point at an old one
  // mid-replacement, and the new one is where the hostnames belong.
  auto remote = FindMtlsCertificate(*certificate, ctx);
  if (!remote.ok()) return remote.status();
  if (!remote->has_value()) return seen;
  seen.certificate_id = (*remote)->id;
  auto set = ctx.actual.HostnameAssociations(seen.zone_id, seen.certificate_id);
  if (!set.ok()) return set.status();
  seen.hostnames = set->hostnames;
  return seen;
}

}  // namespace

std::string HostnameAssociationSpecFingerprint(const manifests::HostnameAssociation& desired) {
  return Fingerprint(JoinHostSet(desired.hostnames));
}

Result<PlannedChange> HostnameAssociationReconciler::Plan(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return NotFound("no HostnameAssociation named " + name);
  const ObjectKey key = KeyOf(kKind, name);
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return seen.status();
  const auto owned = ctx.inventory.Find(key);
  if (seen->certificate_id.empty()) {
    auto change = MakeChange(key, desired->zone, "", ChangeType::kCreate,
                             "associate once MTLSCertificate " + desired->mtls_certificate + " is uploaded");
    change.fields.push_back({"hostnames", "", JoinHostSet(desired->hostnames)});
    return change;
  }
  if (SameHostSet(seen->hostnames, desired->hostnames)) {
    // Owned under an older certificate id (its certificate was replaced and the hostnames moved): only
    // the inventory follows, nothing remote changes.
    if (owned) return MakeChange(key, desired->zone, seen->certificate_id, ChangeType::kNoOp, "");
    return MakeChange(key, desired->zone, seen->certificate_id, ChangeType::kAdopt,
                      "the certificate already has exactly these hostnames");
  }
  const bool fresh = seen->hostnames.empty() && !owned;
  auto change = MakeChange(key, desired->zone, seen->certificate_id, fresh ? ChangeType::kCreate : ChangeType::kUpdate,
                           "replace the whole hostname set of the certificate");
  change.fields.push_back({"hostnames", JoinHostSet(seen->hostnames), JoinHostSet(desired->hostnames)});
  return change;
}

ReconcileResult HostnameAssociationReconciler::Reconcile(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return ReconcileResult::Failed(NotFound("no HostnameAssociation named " + name));
  const ObjectKey key = KeyOf(kKind, name);
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) {
    PublishStatus(ctx, key, desired->zone, Phase::kFailed, "", "", seen.status().message());
    return ReconcileResult::FromStatus(seen.status());
  }
  if (seen->certificate_id.empty()) {
    PublishStatus(ctx, key, desired->zone, Phase::kPending, "", "waiting for MTLSCertificate " + desired->mtls_certificate);
    return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
  }
  if (!SameHostSet(seen->hostnames, desired->hostnames)) {
    api::PutHostnameAssociationsRequest request;
    request.hostnames = NormalizeHostSet(desired->hostnames);
    request.mtls_certificate_id = seen->certificate_id;
    auto put = ctx.client.PutHostnameAssociations(seen->zone_id, request);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!put.ok()) {
      PublishStatus(ctx, key, desired->zone, Phase::kFailed, seen->certificate_id, "", put.status().message());
      return ReconcileResult::FromStatus(put.status());
    }
  }
  OwnedObject record;
  record.key = key;
  record.remote_id = seen->certificate_id;
  record.scope_id = seen->zone_id;
  record.spec_fingerprint = HostnameAssociationSpecFingerprint(*desired);
  record.remote_status = "active";
  if (ctx.inventory.Find(key) != record) {
    if (Status s = ctx.inventory.Put(record); !s.ok()) return ReconcileResult::FromStatus(s);
  }
  PublishStatus(ctx, key, desired->zone, Phase::kReady, seen->certificate_id, "active");
  return ReconcileResult::Done();
}

Result<PlannedChange> HostnameAssociationReconciler::PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto set = ctx.actual.HostnameAssociations(owned.scope_id, owned.remote_id);
  if (!set.ok() && set.status().code() != StatusCode::kNotFound) return set.status();
  auto change = MakeChange(owned.key, owned.scope_id, owned.remote_id, ChangeType::kDelete,
                           "left the manifests: replace the certificate's hostname set with the empty set");
  if (set.ok()) change.fields.push_back({"hostnames", JoinHostSet(set->hostnames), ""});
  return change;
}

ReconcileResult HostnameAssociationReconciler::Delete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto set = ctx.actual.HostnameAssociations(owned.scope_id, owned.remote_id);
  if (!set.ok() && set.status().code() != StatusCode::kNotFound) return ReconcileResult::FromStatus(set.status());
  if (set.ok() && !set->hostnames.empty()) {
    api::PutHostnameAssociationsRequest request;
    request.mtls_certificate_id = owned.remote_id;
    auto put = ctx.client.PutHostnameAssociations(owned.scope_id, request);
    ctx.actual.Invalidate(kKind, owned.scope_id);
    if (!put.ok() && put.status().code() != StatusCode::kNotFound) return ReconcileResult::FromStatus(put.status());
  }
  if (Status s = ctx.inventory.Remove(owned.key); !s.ok()) return ReconcileResult::FromStatus(s);
  ctx.status.Remove(owned.key);
  return ReconcileResult::Done();
}

bool HostnameAssociationReconciler::Ready(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return false;
  auto seen = Observe(*desired, ctx);
  return seen.ok() && !seen->certificate_id.empty() && SameHostSet(seen->hostnames, desired->hostnames);
}

}  // namespace edgecert::reconcile
