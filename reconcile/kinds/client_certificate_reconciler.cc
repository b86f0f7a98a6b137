#include "reconcile/kinds/client_certificate_reconciler.h"

#include <algorithm>

#include "crypto/x509.h"
#include "reconcile/state/atomic_file.h"
#include "reconcile/kinds/kind_support.h"

namespace edgecert::reconcile {

namespace {

constexpr manifests::Kind kKind = manifests::Kind::kClientCertificate;
constexpr auto kCertificateMode = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                   std::filesystem::perms::group_read | std::filesystem::perms::others_read;

const manifests::ClientCertificate* FindDesired(const manifests::DesiredState& desired, const std::string& name) {
  for (const auto& c : desired.client_certificates()) {
    if (c.meta.name == name) return &c;
  }
  return nullptr;
}

bool IsActive(const std::string& status) { return status == "active" || status == "pending_reactivation"; }
bool IsRevoked(const std::string& status) { return status == "revoked" || status == "pending_revocation"; }

const api::ClientCertificate* ById(const std::vector<api::ClientCertificate>& remote, const std::string& id) {
  for (const auto& c : remote) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// What one pass sees of a client certificate, and what it needs.
struct Observed {
  std::string zone_id;
  std::optional<OwnedObject> owned;
  std::optional<api::ClientCertificate> current;  // the owned one, else an adoptable one
  bool adoptable = false;                          // `current` exists but is not owned yet
  bool csr_changed = false;                        // the owned one was issued from another CSR
  bool renew_due = false;                          // expires within renew_before
  bool file_stale = false;                         // the output file is missing or holds another PEM
  std::vector<std::string> superseded_to_revoke;   // older certificates still active
};

Result<Observed> Observe(const manifests::ClientCertificate& desired, ReconcileContext& ctx) {
  Observed seen;
  auto zone_id = ctx.scopes.ZoneId(ctx.desired, desired.zone);
  if (!zone_id.ok()) return zone_id.status();
  seen.zone_id = *zone_id;
  auto remote = ctx.actual.ClientCertificates(seen.zone_id);
  if (!remote.ok()) return remote.status();
  seen.owned = ctx.inventory.Find(KeyOf(kKind, desired.meta.name));
  const std::string csr = crypto::NormalizePem(desired.csr.pem);
  if (seen.owned) {
    if (const auto* c = ById(*remote, seen.owned->remote_id)) seen.current = *c;
    for (const auto& id : seen.owned->superseded_remote_ids) {
      const auto* old = ById(*remote, id);
      if (old != nullptr && IsActive(old->status)) seen.superseded_to_revoke.push_back(id);
    }
  }
  // Adoption (and recovery after an ambiguous create): a certificate from the same CSR that is not
  // revoked and not one we already own or retired; the one expiring last wins.
  if (!seen.current || crypto::NormalizePem(seen.current->csr.value_or("")) != csr) {
    const api::ClientCertificate* best = nullptr;
    for (const auto& c : *remote) {
      if (IsRevoked(c.status) || crypto::NormalizePem(c.csr.value_or("")) != csr) continue;
      if (seen.owned && (c.id == seen.owned->remote_id ||
                         std::count(seen.owned->superseded_remote_ids.begin(), seen.owned->superseded_remote_ids.end(), c.id))) {
        continue;
      }
      if (best == nullptr || c.expires_on.value_or("") > best->expires_on.value_or("")) best = &c;
    }
    if (best != nullptr) {
      seen.adoptable = true;
      seen.current = *best;
    } else if (seen.current) {
      seen.csr_changed = true;
    }
  }
  if (seen.current && !seen.csr_changed && desired.state == manifests::ClientCertificateState::kActive) {
    auto expires = ParseApiTime(seen.current->expires_on);
    auto issued = ParseApiTime(seen.current->issued_on);
    // A certificate whose whole life is shorter than renew_before would be renewed on every pass.
    const bool renewable = !issued || !expires || *expires - *issued > desired.renew_before;
    seen.renew_due = renewable && expires && *expires - desired.renew_before <= ctx.clock.Now();
  }
  if (seen.current && !seen.csr_changed && !desired.resolved_certificate_output_file.empty()) {
    auto file = ReadFileIfExists(desired.resolved_certificate_output_file);
    if (!file.ok()) return file.status();
    seen.file_stale = !file->has_value() || crypto::NormalizePem(**file) !=
                                                crypto::NormalizePem(seen.current->certificate.value_or(""));
  }
  return seen;
}

bool WantActive(const manifests::ClientCertificate& desired) {
  return desired.state == manifests::ClientCertificateState::kActive;
}

Status WriteCertificate(const manifests::ClientCertificate& desired, const api::ClientCertificate& issued) {
  if (desired.resolved_certificate_output_file.empty()) return Status::Ok();
  std::string pem = crypto::NormalizePem(issued.certificate.value_or(""));
  if (pem.empty()) return Unavailable("the API returned no certificate PEM yet");
  return WriteFileAtomically(desired.resolved_certificate_output_file, pem, kCertificateMode);
}

}  // namespace

std::string ClientCertificateSpecFingerprint(const manifests::ClientCertificate& desired) {
  return Fingerprint(crypto::NormalizePem(desired.csr.pem));
}

Result<PlannedChange> ClientCertificateReconciler::Plan(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return NotFound("no ClientCertificate named " + name);
  const ObjectKey key = KeyOf(kKind, name);
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return seen.status();
  const std::string want = WantActive(*desired) ? "active" : "revoked";
  if (!seen->current) {
    if (!WantActive(*desired)) return MakeChange(key, desired->zone, "", ChangeType::kNoOp, "nothing to revoke");
    return MakeChange(key, desired->zone, "", ChangeType::kCreate, "submit the CSR and write the issued certificate");
  }
  const auto& current = *seen->current;
  if (seen->csr_changed && WantActive(*desired)) {
    auto change = MakeChange(key, desired->zone, current.id, ChangeType::kReplace,
                             "the CSR changed: issue a new certificate, write it, then revoke the old one");
    change.fields.push_back({"csr", "(previous CSR)", "(manifest CSR)"});
    return change;
  }
  if (seen->renew_due) {
    auto change = MakeChange(key, desired->zone, current.id, ChangeType::kReplace,
                             "expires within renewBefore: issue a new certificate, write it, then revoke the old one");
    change.fields.push_back({"expires_on", current.expires_on.value_or(""), "(renewed)"});
    return change;
  }
  PlannedChange change = MakeChange(key, desired->zone, current.id, ChangeType::kNoOp, "");
  if (IsActive(current.status) != WantActive(*desired)) {
    change.type = ChangeType::kUpdate;
    change.reason = WantActive(*desired) ? "reactivate the certificate" : "revoke the certificate";
    change.fields.push_back({"status", current.status, want});
  }
  if (seen->file_stale && WantActive(*desired)) {
    change.type = ChangeType::kUpdate;
    change.reason = change.reason.empty() ? "write the issued certificate" : change.reason;
    change.fields.push_back({"certificateOutputFile", "(missing or different)", desired->certificate_output_file});
  }
  if (!seen->superseded_to_revoke.empty()) {
    change.type = ChangeType::kUpdate;
    if (change.reason.empty()) change.reason = "revoke the certificate it replaced";
  }
  if (seen->adoptable) {
    // Writing the local output file is not an API change: an adoption that only needs it is an adopt.
    const bool api_change = IsActive(current.status) != WantActive(*desired) || !seen->superseded_to_revoke.empty();
    change.type = api_change ? ChangeType::kUpdate : ChangeType::kAdopt;
    change.reason = "adopt the existing certificate issued from this CSR" +
                    (change.reason.empty() ? std::string() : "; " + change.reason);
  }
  return change;
}

ReconcileResult ClientCertificateReconciler::Reconcile(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return ReconcileResult::Failed(NotFound("no ClientCertificate named " + name));
  return Step(*desired, ctx, 0);
}

// One pass over the certificate; after adopting or issuing it looks again (at most twice), since what
// follows (writing, revoking the old one) depends on the new record.
ReconcileResult ClientCertificateReconciler::Step(const manifests::ClientCertificate& desired_ref,
                                                  ReconcileContext& ctx, int depth) {
  const auto* desired = &desired_ref;
  const std::string& name = desired->meta.name;
  if (depth > 2) return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
  const ObjectKey key = KeyOf(kKind, name);
  auto fail = [&](Status why, const std::string& id = "") {
    PublishStatus(ctx, key, desired->zone, Phase::kFailed, id, "", why.message());
    return ReconcileResult::FromStatus(std::move(why));
  };
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return fail(seen.status());
  const std::string spec = ClientCertificateSpecFingerprint(*desired);

  // A certificate that is not owned yet: adopt it (this also ends an ambiguous create).
  if (seen->current && seen->adoptable) {
    OwnedObject record;
    record.key = key;
    record.remote_id = seen->current->id;
    record.scope_id = seen->zone_id;
    record.spec_fingerprint = spec;
    record.remote_status = seen->current->status;
    if (seen->owned) {
      record.superseded_remote_ids = seen->owned->superseded_remote_ids;
      record.superseded_remote_ids.push_back(seen->owned->remote_id);
    }
    if (Status s = ctx.inventory.CompleteCreate(record); !s.ok()) return fail(s);
    return Step(*desired, ctx, depth + 1);  // re-observe with the new record
  }

  // Issue: nothing yet, a new CSR, or renewal. The new one is written before the old is revoked.
  const bool need_new = !seen->current || seen->csr_changed || seen->renew_due;
  if (need_new && WantActive(*desired)) {
    if (Status s = ctx.inventory.RecordIntent({key, seen->zone_id, "csr:" + spec, IntentTime(ctx)}); !s.ok()) {
      return fail(s);
    }
    api::CreateClientCertificateRequest request;
    request.csr = desired->csr.pem;
    request.validity_days = desired->validity_days;
    auto issued = ctx.client.CreateClientCertificate(seen->zone_id, request);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!issued.ok()) return fail(issued.status());  // kAmbiguous: the next try adopts it by CSR
    OwnedObject record;
    record.key = key;
    record.remote_id = issued->id;
    record.scope_id = seen->zone_id;
    record.spec_fingerprint = spec;
    record.remote_status = issued->status;
    if (seen->owned) {
      record.superseded_remote_ids = seen->owned->superseded_remote_ids;
      if (seen->current) record.superseded_remote_ids.push_back(seen->current->id);
    }
    if (Status s = ctx.inventory.CompleteCreate(record); !s.ok()) return fail(s);
    if (Status s = WriteCertificate(*desired, *issued); !s.ok()) return fail(s, issued->id);
    return Step(*desired, ctx, depth + 1);  // revoke what it replaced
  }
  if (!seen->current) {
    PublishStatus(ctx, key, desired->zone, Phase::kReady, "", "revoked");
    return ReconcileResult::Done();
  }
  const api::ClientCertificate& current = *seen->current;
  if (seen->file_stale && WantActive(*desired)) {
    if (Status s = WriteCertificate(*desired, current); !s.ok()) return fail(s, current.id);
  }
  for (const std::string& old_id : seen->superseded_to_revoke) {
    Status revoked = ctx.client.RevokeClientCertificate(seen->zone_id, old_id);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!revoked.ok()) return fail(revoked, current.id);
  }
  if (seen->owned && !seen->owned->superseded_remote_ids.empty()) {
    OwnedObject record = *seen->owned;
    record.superseded_remote_ids.clear();  // revoked (or gone): nothing more to do with them
    if (Status s = ctx.inventory.Put(record); !s.ok()) return fail(s);
  }

  std::string status = current.status;
  if (WantActive(*desired) && IsRevoked(status)) {
    auto patched = ctx.client.ReactivateClientCertificate(seen->zone_id, current.id);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!patched.ok()) return fail(patched.status(), current.id);
    status = patched->status;
  } else if (!WantActive(*desired) && IsActive(status)) {
    Status revoked = ctx.client.RevokeClientCertificate(seen->zone_id, current.id);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!revoked.ok()) return fail(revoked, current.id);
    status = "pending_revocation";
  }
  if (seen->owned && seen->owned->remote_status != status) {
    OwnedObject record = *ctx.inventory.Find(key);
    record.remote_status = status;
    if (Status s = ctx.inventory.Put(record); !s.ok()) return fail(s);
  }
  const bool settled = status == (WantActive(*desired) ? "active" : "revoked");
  PublishStatus(ctx, key, desired->zone, settled ? Phase::kReady : Phase::kProgressing, current.id, status, "",
                ParseApiTime(current.expires_on));
  if (!settled) return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
  return ReconcileResult::Done();
}

Result<PlannedChange> ClientCertificateReconciler::PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto remote = ctx.actual.ClientCertificates(owned.scope_id);
  if (!remote.ok()) return remote.status();
  const auto* c = ById(*remote, owned.remote_id);
  if (c == nullptr || IsRevoked(c->status)) {
    return MakeChange(owned.key, owned.scope_id, owned.remote_id, ChangeType::kDelete,
                      "left the manifests; already revoked, forget it");
  }
  return MakeChange(owned.key, owned.scope_id, owned.remote_id, ChangeType::kDelete,
                    "left the manifests: revoke the certificate");
}

ReconcileResult ClientCertificateReconciler::Delete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto remote = ctx.actual.ClientCertificates(owned.scope_id);
  if (!remote.ok()) return ReconcileResult::FromStatus(remote.status());
  std::vector<std::string> ids = owned.superseded_remote_ids;
  ids.push_back(owned.remote_id);
  for (const auto& id : ids) {
    const auto* c = ById(*remote, id);
    if (c == nullptr || IsRevoked(c->status)) continue;
    Status revoked = ctx.client.RevokeClientCertificate(owned.scope_id, id);
    ctx.actual.Invalidate(kKind, owned.scope_id);
    if (!revoked.ok()) return ReconcileResult::FromStatus(revoked);
  }
  if (Status s = ctx.inventory.Remove(owned.key); !s.ok()) return ReconcileResult::FromStatus(s);
  ctx.status.Remove(owned.key);
  return ReconcileResult::Done();
}

bool ClientCertificateReconciler::Ready(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return false;
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return false;
  if (!WantActive(*desired)) return !seen->current || seen->current->status == "revoked";
  return seen->current && seen->owned && !seen->adoptable && !seen->csr_changed && !seen->file_stale &&
         seen->current->status == "active";
}

}  // namespace edgecert::reconcile
