#include "reconcile/kinds/universal_ssl_reconciler.h"

#include <spdlog/logger.h>

#include <algorithm>

namespace edgecert::reconcile {
namespace {

constexpr manifests::Kind kKind = manifests::Kind::kUniversalSsl;

const manifests::UniversalSsl* FindSetting(const manifests::DesiredState& desired, const std::string& name) {
  for (const auto& u : desired.universal_ssls()) {
    if (u.meta.name == name) return &u;
  }
  return nullptr;
}

struct Observed {
  std::string zone_id;
  bool enabled = true;
  std::string automatic_mode;
  std::vector<FieldChange> changes;
};

Result<Observed> Observe(const manifests::UniversalSsl& desired, ReconcileContext& ctx) {
  Observed o;
  auto zone_id = ctx.scopes.ZoneId(ctx.desired, desired.zone);
  if (!zone_id.ok()) return zone_id.status();
  o.zone_id = *zone_id;
  auto settings = ctx.actual.UniversalSsl(o.zone_id);
  if (!settings.ok()) return settings.status().WithContext("read Universal SSL settings of " + desired.zone);
  o.enabled = settings->enabled.value_or(true);  // absent reads as the API's default, enabled
  if (o.enabled != desired.enabled) {
    o.changes.push_back({"enabled", o.enabled ? "true" : "false", desired.enabled ? "true" : "false"});
  }
  if (!desired.automatic_mode.empty()) {
    auto mode = ctx.actual.AutomaticSslMode(o.zone_id);
    if (!mode.ok()) return mode.status().WithContext("read Automatic SSL/TLS mode of " + desired.zone);
    o.automatic_mode = mode->value;
    if (mode->value != desired.automatic_mode) {
      o.changes.push_back({"automaticMode", mode->value, desired.automatic_mode});
    }
  }
  return o;
}

// The disable guard: Universal SSL may go only when something else serves HTTPS for the zone.
Result<bool> HasOtherActiveCertificate(const std::string& zone_id, ReconcileContext& ctx) {
  auto packs = ctx.actual.CertificatePacks(zone_id);
  if (!packs.ok()) return packs.status();
  if (std::any_of(packs->begin(), packs->end(), [](const api::CertificatePack& p) {
        return p.type == "advanced" && p.status == "active";
      })) {
    return true;
  }
  auto custom = ctx.actual.CustomCertificates(zone_id);
  if (!custom.ok()) return custom.status();
  return std::any_of(custom->begin(), custom->end(),
                     [](const api::CustomCertificate& c) { return c.status == "active"; });
}

bool ZoneHasDesiredPack(const manifests::DesiredState& desired, const std::string& zone) {
  const auto& packs = desired.certificate_packs();
  return std::any_of(packs.begin(), packs.end(), [&](const manifests::CertificatePack& p) { return p.zone == zone; });
}

void Publish(ReconcileContext& ctx, const manifests::UniversalSsl& desired, const Observed& o, Phase phase,
             const std::string& error) {
  ObjectStatus status;
  status.key = {kKind, desired.meta.name};
  status.zone = desired.zone;
  status.phase = phase;
  status.remote_id = o.zone_id;
  status.remote_status = std::string(o.enabled ? "enabled" : "disabled") +
                         (o.automatic_mode.empty() ? "" : ", automatic mode " + o.automatic_mode);
  status.last_error = error;
  ctx.status.Set(std::move(status));
}

}  // namespace

Result<PlannedChange> UniversalSslReconciler::Plan(const std::string& name, ReconcileContext& ctx) {
  const manifests::UniversalSsl* desired = FindSetting(ctx.desired, name);
  if (desired == nullptr) return NotFound("UniversalSSL " + name + " is not in the manifests");
  auto o = Observe(*desired, ctx);
  if (!o.ok()) return o.status();
  PlannedChange change;
  change.kind = kKind;
  change.name = name;
  change.zone = desired->zone;
  change.remote_id = o->zone_id;
  change.type = o->changes.empty() ? ChangeType::kNoOp : ChangeType::kUpdate;
  change.fields = o->changes;
  change.reason = o->changes.empty() ? "converged" : "zone setting changed in place";
  if (o->enabled && !desired->enabled && !desired->force) {
    auto other = HasOtherActiveCertificate(o->zone_id, ctx);
    if (!other.ok()) return other.status();
    if (!*other) {
      change.reason = "refused: disabling Universal SSL with no active advanced or custom certificate would take "
                      "HTTPS away from visitors (set force: true to do it anyway)";
    }
  }
  return change;
}

ReconcileResult UniversalSslReconciler::Reconcile(const std::string& name, ReconcileContext& ctx) {
  const manifests::UniversalSsl* desired = FindSetting(ctx.desired, name);
  if (desired == nullptr) return ReconcileResult::Failed(NotFound("UniversalSSL " + name + " is not in the manifests"));
  auto o = Observe(*desired, ctx);
  if (!o.ok()) return ReconcileResult::FromStatus(o.status());
  if (o->enabled != desired->enabled) {
    if (!desired->enabled && !desired->force) {
      auto other = HasOtherActiveCertificate(o->zone_id, ctx);
      if (!other.ok()) return ReconcileResult::FromStatus(other.status());
      if (!*other) {
        std::string why = "refusing to disable Universal SSL on " + desired->zone +
                          ": no active advanced or custom certificate would serve HTTPS (set force: true)";
        if (ZoneHasDesiredPack(ctx.desired, desired->zone)) {
          // A pack of the manifests is on its way: wait for it instead of failing.
          Publish(ctx, *desired, *o, Phase::kPending, why + "; waiting for the zone's certificate pack");
          return ReconcileResult::RequeueAfter(ctx.options.pending_poll);
        }
        Publish(ctx, *desired, *o, Phase::kFailed, why);
        return ReconcileResult::Failed(FailedPrecondition(why));
      }
    }
    auto patched = ctx.client.PatchUniversalSslSettings(o->zone_id, desired->enabled);
    ctx.actual.Invalidate(kKind, o->zone_id);
    if (!patched.ok()) return ReconcileResult::FromStatus(patched.status().WithContext("set Universal SSL"));
    o->enabled = desired->enabled;
    ctx.log.info("UniversalSSL/{}: Universal SSL {} on {}", name, desired->enabled ? "enabled" : "disabled",
                 desired->zone);
  }
  if (!desired->automatic_mode.empty() && o->automatic_mode != desired->automatic_mode) {
    auto patched = ctx.client.PatchAutomaticSslMode(o->zone_id, desired->automatic_mode);
    ctx.actual.Invalidate(kKind, o->zone_id);
    if (!patched.ok()) return ReconcileResult::FromStatus(patched.status().WithContext("set Automatic SSL/TLS mode"));
    o->automatic_mode = patched->value;
    ctx.log.info("UniversalSSL/{}: automatic mode {} on {}", name, patched->value, desired->zone);
  }
  Publish(ctx, *desired, *o, Phase::kReady, "");
  return ReconcileResult::Done();
}

Result<PlannedChange> UniversalSslReconciler::PlanDelete(const OwnedObject& owned, ReconcileContext&) {
  // Never recorded as owned; a zone setting is not deleted. Forgetting is all there is to do.
  PlannedChange change;
  change.kind = kKind;
  change.name = owned.key.name;
  change.remote_id = owned.remote_id;
  change.type = ChangeType::kNoOp;
  change.reason = "a zone setting is left as it is when its manifest goes";
  return change;
}

ReconcileResult UniversalSslReconciler::Delete(const OwnedObject& owned, ReconcileContext& ctx) {
  Status s = ctx.inventory.Remove(owned.key);
  return s.ok() ? ReconcileResult::Done() : ReconcileResult::Retry(s);
}

bool UniversalSslReconciler::Ready(const std::string& name, ReconcileContext& ctx) {
  const manifests::UniversalSsl* desired = FindSetting(ctx.desired, name);
  if (desired == nullptr) return false;
  auto o = Observe(*desired, ctx);
  return o.ok() && o->changes.empty();
}

}  // namespace edgecert::reconcile
