// HostnameAssociationReconciler: the set of hostnames a zone validates against one mTLS CA, replaced
// as a whole by one PUT and compared as a set (order, case, duplicates ignored). Pruning PUTs the
// empty set. The certificate id comes from the MTLSCertificate the manifest names, so after that
// certificate is replaced the association follows the new id. Thread-safety: stateless.
#pragma once

#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

class HostnameAssociationReconciler final : public Reconciler {
 public:
  manifests::Kind kind() const override { return manifests::Kind::kHostnameAssociation; }
  Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) override;
  ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) override;
  Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) override;
  ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) override;
  bool Ready(const std::string& name, ReconcileContext& ctx) override;
};

// The inventory's spec fingerprint of an applied association (what `edgecert import` records too).
std::string HostnameAssociationSpecFingerprint(const manifests::HostnameAssociation& desired);

}  // namespace edgecert::reconcile
