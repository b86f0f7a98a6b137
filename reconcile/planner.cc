#include "reconcile/planner.h"

#include <algorithm>
#include <array>

namespace edgecert::reconcile {
namespace {

template <typename Objects>
std::optional<manifests::DeletionPolicy> PolicyIn(const Objects& objects, const std::string& name) {
  for (const auto& o : objects) {
    if (o.meta.name == name) return o.deletion_policy;
  }
  return std::nullopt;
}

}  // namespace

manifests::DeletionPolicy DesiredDeletionPolicy(const manifests::DesiredState& desired, const ObjectKey& key) {
  using manifests::Kind;
  std::optional<manifests::DeletionPolicy> policy;
  switch (key.kind) {
    case Kind::kCertificatePack:
      policy = PolicyIn(desired.certificate_packs(), key.name);
      break;
    case Kind::kMtlsCertificate:
      policy = PolicyIn(desired.mtls_certificates(), key.name);
      break;
    case Kind::kHostnameAssociation:
      policy = PolicyIn(desired.hostname_associations(), key.name);
      break;
    case Kind::kClientCertificate:
      policy = PolicyIn(desired.client_certificates(), key.name);
      break;
    case Kind::kCustomCsr:
      policy = PolicyIn(desired.custom_csrs(), key.name);
      break;
    case Kind::kCustomHostname:
      policy = PolicyIn(desired.custom_hostnames(), key.name);
      break;
    case Kind::kAccount:
    case Kind::kZone:
    case Kind::kUniversalSsl:
      break;  // never deleted: no deletionPolicy
  }
  return policy.value_or(manifests::DeletionPolicy::kDelete);
}

PruneSet DecidePruneSet(const std::vector<std::unique_ptr<Reconciler>>& reconcilers,
                        const manifests::DesiredState& desired, const Inventory& inventory,
                        const PruneGuardOptions& options, bool desired_loaded) {
  PruneSet out;
  const std::vector<OwnedObject> owned = inventory.Objects();
  std::vector<OwnedObject> candidates;
  // Reverse apply order: dependents (associations, hostnames) go before what they depend on.
  for (auto it = reconcilers.rbegin(); it != reconcilers.rend(); ++it) {
    const manifests::Kind kind = (*it)->kind();
    const std::vector<std::string> names = desired.NamesOf(kind);
    for (const auto& o : owned) {
      if (o.key.kind != kind || std::binary_search(names.begin(), names.end(), o.key.name)) continue;
      if (o.orphan) {
        out.orphaned.push_back(o);
      } else {
        candidates.push_back(o);
      }
    }
  }
  std::vector<std::string> keys;
  for (const auto& o : candidates) keys.push_back(o.key.ToString());
  PruneDecision decision = DecidePrunes(keys, desired_loaded, desired.size(), options);
  for (const auto& o : candidates) {
    if (std::find(decision.allowed.begin(), decision.allowed.end(), o.key.ToString()) != decision.allowed.end()) {
      out.deletable.push_back(o);
    }
  }
  out.held_back = std::move(decision.held_back);
  return out;
}

Plan Planner::Make(ReconcileContext& ctx, const PlanOptions& options) const {
  Plan plan;
  plan.changes.reserve(ctx.desired.size());  // one change per desired object, then the prunes
  for (const auto& reconciler : reconcilers_) {
    for (const auto& name : ctx.desired.NamesOf(reconciler->kind())) {
      auto change = reconciler->Plan(name, ctx);
      if (!change.ok()) {
        plan.errors.push_back(ObjectKey{reconciler->kind(), name}.ToString() + ": " + change.status().ToString());
        continue;
      }
      plan.changes.push_back(std::move(change).value());
    }
  }
  PruneSet prunes = DecidePruneSet(reconcilers_, ctx.desired, ctx.inventory, options.prune, options.desired_loaded);
  std::array<Reconciler*, manifests::kKindCount> by_kind{};
  for (const auto& r : reconcilers_) by_kind[static_cast<std::size_t>(r->kind())] = r.get();
  for (const auto& owned : prunes.deletable) {
    auto change = by_kind[static_cast<std::size_t>(owned.key.kind)]->PlanDelete(owned, ctx);
    if (!change.ok()) {
      plan.errors.push_back(owned.key.ToString() + ": " + change.status().ToString());
      continue;
    }
    plan.changes.push_back(std::move(change).value());
  }
  for (const auto& owned : prunes.orphaned) {
    PlannedChange forget;
    forget.kind = owned.key.kind;
    forget.name = owned.key.name;
    forget.remote_id = owned.remote_id;
    forget.type = ChangeType::kForget;
    forget.reason = "left the manifests with deletionPolicy Orphan: forgotten, left in place";
    plan.changes.push_back(std::move(forget));
  }
  plan.held_back = std::move(prunes.held_back);
  return plan;
}

}  // namespace edgecert::reconcile
