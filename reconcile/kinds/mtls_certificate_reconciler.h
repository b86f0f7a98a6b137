// MtlsCertificateReconciler: account mTLS certificates (BYO CA or leaf). Identity is the name plus the
// certificate fingerprint; certificates are immutable, so a new PEM uploads a new object, moves every
// hostname association of the old one onto it, then deletes the old one. A CA is only deleted once
// its associations are empty. Thread-safety: stateless (see Reconciler).
#pragma once

#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

class MtlsCertificateReconciler final : public Reconciler {
 public:
  manifests::Kind kind() const override { return manifests::Kind::kMtlsCertificate; }
  Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) override;
  ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) override;
  Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) override;
  ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) override;
  bool Ready(const std::string& name, ReconcileContext& ctx) override;
};

// The remote certificate a manifest names (by name and fingerprint), whether or not it is owned: the
// HostnameAssociation reconciler uses it to find the certificate id it associates to.
Result<std::optional<api::MtlsCertificate>> FindMtlsCertificate(const manifests::MtlsCertificate& desired,
                                                                ReconcileContext& ctx);

// The inventory's spec fingerprint of an applied certificate (what `edgecert import` records too).
std::string MtlsCertificateSpecFingerprint(const manifests::MtlsCertificate& desired);

}  // namespace edgecert::reconcile
