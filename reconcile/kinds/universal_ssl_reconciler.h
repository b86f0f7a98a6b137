// UniversalSslReconciler: a zone's Universal SSL `enabled` setting and its Automatic SSL/TLS mode
// (`automaticMode`, left alone when not written). Identity is the zone; nothing is created or deleted,
// so it is never recorded in the inventory and never pruned. Disabling Universal SSL is refused (kFailed
// with the reason) unless the manifest says `force: true` or the zone has an active advanced pack or
// custom certificate, because it would take HTTPS away from visitors. Thread-safety: stateless.
#pragma once

#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

class UniversalSslReconciler final : public Reconciler {
 public:
  manifests::Kind kind() const override { return manifests::Kind::kUniversalSsl; }
  Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) override;
  ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) override;
  Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) override;
  ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) override;
  bool Ready(const std::string& name, ReconcileContext& ctx) override;
};

}  // namespace edgecert::reconcile
