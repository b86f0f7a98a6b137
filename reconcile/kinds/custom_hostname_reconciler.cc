#include "reconcile/kinds/custom_hostname_reconciler.h"

#include "crypto/x509.h"
#include "reconcile/kinds/custom_csr_reconciler.h"
#include "reconcile/kinds/kind_support.h"
#include "reconcile/kinds/read_back.h"

namespace edgecert::reconcile {

namespace {

constexpr manifests::Kind kKind = manifests::Kind::kCustomHostname;

const manifests::CustomHostname* FindDesired(const manifests::DesiredState& desired, const std::string& name) {
  for (const auto& h : desired.custom_hostnames()) {
    if (h.meta.name == name) return &h;
  }
  return nullptr;
}

struct Observed {
  std::string zone_id;
  std::optional<OwnedObject> owned;
  std::optional<api::CustomHostname> current;
  std::string csr_id;       // the CustomCSR's remote id, when the manifest names one
  bool csr_missing = false;  // the manifest names a CustomCSR that does not exist yet
  std::vector<FieldChange> ssl_fields;     // differences that need the ssl object sent
  std::vector<FieldChange> origin_fields;  // differences in origin and metadata
};

void Compare(std::vector<FieldChange>& out, const std::string& field, const std::string& before,
             const std::string& after) {
  if (before != after) out.push_back({field, before, after});
}

Result<Observed> Observe(const manifests::CustomHostname& desired, ReconcileContext& ctx) {
  Observed seen;
  auto zone_id = ctx.scopes.ZoneId(ctx.desired, desired.zone);
  if (!zone_id.ok()) return zone_id.status();
  seen.zone_id = *zone_id;
  auto remote = ctx.actual.CustomHostnames(seen.zone_id);
  if (!remote.ok()) return remote.status();
  seen.owned = ctx.inventory.Find(KeyOf(kKind, desired.meta.name));
  const std::string hostname = NormalizeHostname(desired.hostname);
  for (const auto& h : *remote) {
    if ((seen.owned && h.id == seen.owned->remote_id) || NormalizeHostname(h.hostname) == hostname) {
      seen.current = h;
      if (seen.owned && h.id == seen.owned->remote_id) break;
    }
  }
  if (!desired.ssl.custom_csr.empty()) {
    auto csr_id = CustomCsrRemoteId(desired.ssl.custom_csr, ctx);
    if (!csr_id.ok()) return csr_id.status();
    seen.csr_id = *csr_id;
    seen.csr_missing = csr_id->empty();
  }
  if (!seen.current) return seen;

  const api::CustomHostnameSsl ssl = seen.current->ssl.value_or(api::CustomHostnameSsl{});
  auto& f = seen.ssl_fields;
  if (!desired.ssl.method.empty()) Compare(f, "ssl.method", ssl.method.value_or(""), desired.ssl.method);
  Compare(f, "ssl.type", ssl.type.value_or("dv"), desired.ssl.type);
  if (!desired.ssl.certificate_authority.empty()) {
    Compare(f, "ssl.certificateAuthority", ssl.certificate_authority.value_or(""), desired.ssl.certificate_authority);
  }
  Compare(f, "ssl.bundleMethod", ssl.bundle_method.value_or("ubiquitous"), desired.ssl.bundle_method);
  Compare(f, "ssl.wildcard", ssl.wildcard.value_or(false) ? "true" : "false", desired.ssl.wildcard ? "true" : "false");
  // The API takes custom_csr_id only together with a custom certificate; before the customer's
  // certificate is in the manifest the CSR is a dependency, not a field to write (or compare).
  Compare(f, "ssl.customCsr", ssl.custom_csr_id.value_or(""), desired.ssl.custom_certificate ? seen.csr_id : "");
  // The API reads back the uploaded certificate's issuer and serial, not its PEM.
  std::string want_certificate;
  if (desired.ssl.custom_certificate) {
    auto info = crypto::ParseCertificate(desired.ssl.custom_certificate->pem);
    if (!info.ok()) return info.status();
    want_certificate = info->issuer + " #" + info->serial_number;
  }
  std::string have_certificate;
  if (ssl.serial_number) have_certificate = ssl.issuer.value_or("") + " #" + *ssl.serial_number;
  Compare(f, "ssl.customCertificate", have_certificate, want_certificate);
  const bool settings_known = seen.owned && seen.owned->remote_id == seen.current->id;
  if (settings_known ? seen.owned->spec_fingerprint != CustomHostnameSpecFingerprint(desired)
                     : !desired.ssl.settings.min_tls_version.empty()) {
    f.push_back({"ssl.settings.minTlsVersion", settings_known ? "(changed)" : "(unknown)",
                 desired.ssl.settings.min_tls_version});
  }

  auto& o = seen.origin_fields;
  Compare(o, "customOriginServer", seen.current->custom_origin_server.value_or(""), desired.custom_origin_server);
  Compare(o, "customOriginSni", seen.current->custom_origin_sni.value_or(""), desired.custom_origin_sni);
  if (seen.current->custom_metadata != desired.custom_metadata) {
    o.push_back({"customMetadata", std::to_string(seen.current->custom_metadata.size()) + " keys",
                 std::to_string(desired.custom_metadata.size()) + " keys"});
  }
  return seen;
}

Result<api::CustomHostnameSslRequest> SslRequest(const manifests::CustomHostname& desired, const std::string& csr_id) {
  api::CustomHostnameSslRequest ssl;
  if (!desired.ssl.method.empty()) ssl.method = desired.ssl.method;
  ssl.type = desired.ssl.type;
  if (!desired.ssl.certificate_authority.empty()) ssl.certificate_authority = desired.ssl.certificate_authority;
  ssl.bundle_method = desired.ssl.bundle_method;
  ssl.wildcard = desired.ssl.wildcard;
  if (!desired.ssl.settings.min_tls_version.empty()) ssl.min_tls_version = desired.ssl.settings.min_tls_version;
  if (desired.ssl.custom_certificate) {
    ssl.custom_certificate = desired.ssl.custom_certificate->pem;
    if (!csr_id.empty()) {
      ssl.custom_csr_id = csr_id;
    } else if (desired.ssl.custom_key) {
      auto key = ReadSecret(*desired.ssl.custom_key);
      if (!key.ok()) return key.status();
      ssl.custom_key = *key;
    }
  }
  return ssl;
}

std::vector<ValidationRecord> RecordsOf(const api::CustomHostname& host) {
  std::vector<ValidationRecord> records;
  if (!host.ssl) return records;
  for (const auto& r : host.ssl->validation_records) {
    if (r.txt_name) records.push_back({"txt", *r.txt_name, r.txt_value.value_or("")});
    if (r.http_url) records.push_back({"http", *r.http_url, r.http_body.value_or("")});
    if (r.cname) records.push_back({"cname", *r.cname, r.cname_target.value_or("")});
  }
  return records;
}

std::string SslStatus(const api::CustomHostname& host) {
  return host.ssl ? host.ssl->status.value_or("") : std::string();
}

// An unowned hostname of this name (not one edgecert's own interrupted create made) that differs from the
// manifest, while the manifest does not allow adopting and changing it.
bool IsConflict(const manifests::CustomHostname& desired, const Observed& seen, ReconcileContext& ctx) {
  if (!seen.current || (seen.owned && seen.owned->remote_id == seen.current->id)) return false;
  if (ctx.inventory.FindIntent(KeyOf(kKind, desired.meta.name))) return false;
  if (seen.ssl_fields.empty() && seen.origin_fields.empty()) return false;
  return desired.adoption_policy == manifests::AdoptionPolicy::kIfEqual;
}

std::string ConflictReason() {
  return "an unowned custom hostname with this name exists but differs; edgecert leaves it alone. Make the "
         "manifest equal it, remove it, or set spec.adoptionPolicy: Update (adopt it and change it in place)";
}

}  // namespace

// The SSL settings the API does not read back; the inventory keeps their fingerprint instead.
std::string CustomHostnameSpecFingerprint(const manifests::CustomHostname& desired) {
  return Fingerprint("min_tls_version=" + desired.ssl.settings.min_tls_version);
}

Result<PlannedChange> CustomHostnameReconciler::Plan(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return NotFound("no CustomHostname named " + name);
  const ObjectKey key = KeyOf(kKind, name);
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return seen.status();
  const std::string after_csr = seen->csr_missing ? " once CustomCSR " + desired->ssl.custom_csr + " exists" : "";
  if (!seen->current) {
    return MakeChange(key, desired->zone, "", ChangeType::kCreate,
                      (desired->ssl.custom_certificate ? "create with the custom certificate" : "create (DV)") +
                          after_csr);
  }
  const bool owned = seen->owned && seen->owned->remote_id == seen->current->id;
  auto change = MakeChange(key, desired->zone, seen->current->id, ChangeType::kNoOp, "");
  change.fields = seen->ssl_fields;
  change.fields.insert(change.fields.end(), seen->origin_fields.begin(), seen->origin_fields.end());
  if (IsConflict(*desired, *seen, ctx)) {
    change.type = ChangeType::kConflict;
    change.reason = ConflictReason();
  } else if (!change.fields.empty()) {
    change.type = owned ? ChangeType::kUpdate : ChangeType::kAdoptAndUpdate;
    change.reason = (seen->ssl_fields.empty() ? "update origin/metadata" : "update SSL (restarts its lifecycle)") +
                    after_csr;
    if (!owned) change.reason = "adopt the existing hostname and " + change.reason;
  } else if (!owned) {
    change.type = ChangeType::kAdopt;
    change.reason = "an unowned custom hostname with this name exists";
  }
  return change;
}

ReconcileResult CustomHostnameReconciler::Reconcile(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return ReconcileResult::Failed(NotFound("no CustomHostname named " + name));
  const ObjectKey key = KeyOf(kKind, name);
  auto fail = [&](Status why, const std::string& id = "") {
    PublishStatus(ctx, key, desired->zone, Phase::kFailed, id, "", why.message());
    return ReconcileResult::FromStatus(std::move(why));
  };
  auto seen = Observe(*desired, ctx);
  if (!seen.ok()) return fail(seen.status());
  if (seen->csr_missing) {
    PublishStatus(ctx, key, desired->zone, Phase::kPending, seen->current ? seen->current->id : "",
                  "waiting for CustomCSR " + desired->ssl.custom_csr);
    return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
  }
  if (IsConflict(*desired, *seen, ctx)) {
    // Someone else's hostname: never adopted, changed or deleted without the manifest's consent.
    PublishStatus(ctx, key, desired->zone, Phase::kFailed, seen->current->id, "", "conflict: " + ConflictReason());
    return ReconcileResult::Failed(FailedPrecondition("conflict with custom hostname " + seen->current->id + ": " +
                                                      ConflictReason()));
  }
  api::CustomHostname current;
  if (!seen->current) {
    // The hostname is unique in the zone, so an ambiguous create is found again by name next time.
    if (Status s = ctx.inventory.RecordIntent({key, seen->zone_id, NormalizeHostname(desired->hostname), IntentTime(ctx)});
        !s.ok()) {
      return fail(s);
    }
    auto ssl = SslRequest(*desired, seen->csr_id);
    if (!ssl.ok()) return fail(ssl.status());
    api::CreateCustomHostnameRequest request;
    request.hostname = NormalizeHostname(desired->hostname);
    request.ssl = *ssl;
    request.custom_metadata = desired->custom_metadata;
    auto created = ctx.client.CreateCustomHostname(seen->zone_id, request);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!created.ok()) return fail(created.status());
    current = *created;
    // The create body carries no origin: set it in a second step when the manifest has one.
    if (!desired->custom_origin_server.empty() || !desired->custom_origin_sni.empty()) {
      seen->origin_fields.push_back({"customOriginServer", "", desired->custom_origin_server});
    }
  } else {
    current = *seen->current;
  }
  OwnedObject record;
  record.key = key;
  record.remote_id = current.id;
  record.scope_id = seen->zone_id;
  record.spec_fingerprint = CustomHostnameSpecFingerprint(*desired);
  record.remote_status = SslStatus(current);
  record.validation_records = RecordsOf(current);
  if (record.validation_records.empty() && seen->owned) record.validation_records = seen->owned->validation_records;

  if (!seen->ssl_fields.empty() || !seen->origin_fields.empty()) {
    api::PatchCustomHostnameRequest patch;
    if (!seen->ssl_fields.empty()) {
      auto ssl = SslRequest(*desired, seen->csr_id);
      if (!ssl.ok()) return fail(ssl.status(), current.id);
      patch.ssl = *ssl;
    }
    if (!seen->origin_fields.empty()) {
      patch.custom_origin_server = desired->custom_origin_server;
      patch.custom_origin_sni = desired->custom_origin_sni;
      patch.custom_metadata = desired->custom_metadata;
    }
    auto patched = ctx.client.PatchCustomHostname(seen->zone_id, current.id, patch);
    ctx.actual.Invalidate(kKind, seen->zone_id);
    if (!patched.ok()) return fail(patched.status(), current.id);
    current = *patched;
    record.remote_status = SslStatus(current);
    if (auto records = RecordsOf(current); !records.empty()) record.validation_records = records;
  }
  if (seen->owned != record) {
    Status s = ctx.inventory.FindIntent(key) ? ctx.inventory.CompleteCreate(record) : ctx.inventory.Put(record);
    if (!s.ok()) return fail(s, current.id);
  }

  const std::string ssl_status = SslStatus(current);
  const bool active = ssl_status == "active";
  ObjectStatus status;
  status.key = key;
  status.zone = desired->zone;
  status.phase = active ? Phase::kReady : (ssl_status.find("timed_out") != std::string::npos ? Phase::kFailed
                                                                                              : Phase::kProgressing);
  status.remote_id = current.id;
  status.remote_status = ssl_status;
  status.validation_records = record.validation_records;
  if (current.ssl) status.expires_on = ParseApiTime(current.ssl->expires_on);
  if (status.phase == Phase::kFailed) status.last_error = "certificate validation timed out";
  ctx.status.Set(std::move(status));
  if (active) return ReconcileResult::Done();
  if (ssl_status.find("timed_out") != std::string::npos) {
    return ReconcileResult::Failed(FailedPrecondition("custom hostname " + desired->hostname + ": " + ssl_status));
  }
  return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
}

Result<PlannedChange> CustomHostnameReconciler::PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) {
  auto remote = ctx.actual.CustomHostnames(owned.scope_id);
  if (!remote.ok()) return remote.status();
  bool present = false;
  for (const auto& h : *remote) present = present || h.id == owned.remote_id;
  return MakeChange(owned.key, owned.scope_id, owned.remote_id, ChangeType::kDelete,
                    present ? "left the manifests: delete the custom hostname"
                            : "left the manifests; already gone remotely, forget it");
}

ReconcileResult CustomHostnameReconciler::Delete(const OwnedObject& owned, ReconcileContext& ctx) {
  Status deleted = ctx.client.DeleteCustomHostname(owned.scope_id, owned.remote_id);
  ctx.actual.Invalidate(kKind, owned.scope_id);
  if (!deleted.ok()) {
    PublishStatus(ctx, owned.key, owned.scope_id, Phase::kFailed, owned.remote_id, "", deleted.message());
    return ReconcileResult::FromStatus(deleted);
  }
  if (Status s = ctx.inventory.Remove(owned.key); !s.ok()) return ReconcileResult::FromStatus(s);
  ctx.status.Remove(owned.key);
  return ReconcileResult::Done();
}

bool CustomHostnameReconciler::Ready(const std::string& name, ReconcileContext& ctx) {
  const auto* desired = FindDesired(ctx.desired, name);
  if (desired == nullptr) return false;
  auto seen = Observe(*desired, ctx);
  return seen.ok() && seen->current && seen->ssl_fields.empty() && seen->origin_fields.empty() &&
         SslStatus(*seen->current) == "active";
}

}  // namespace edgecert::reconcile
