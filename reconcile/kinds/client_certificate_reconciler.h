// ClientCertificateReconciler: API Shield client certificates issued from the manifest's CSR. The
// issued PEM is written atomically to the manifest's output file; the certificate is kept `active` or
// `revoked` as desired (revoke = DELETE, reactivate = PATCH) and renewed `renew_before` its expiry:
// the new one is issued and written before the old one is revoked. Identity: the recorded id, or for
// adoption a non-revoked certificate issued from the same CSR. Thread-safety: stateless.
#pragma once

#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

class ClientCertificateReconciler final : public Reconciler {
 public:
  manifests::Kind kind() const override { return manifests::Kind::kClientCertificate; }
  Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) override;
  ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) override;
  Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) override;
  ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) override;
  bool Ready(const std::string& name, ReconcileContext& ctx) override;

 private:
  ReconcileResult Step(const manifests::ClientCertificate& desired, ReconcileContext& ctx, int depth);
};

// The inventory's spec fingerprint of an issued certificate (what `edgecert import` records too).
std::string ClientCertificateSpecFingerprint(const manifests::ClientCertificate& desired);

}  // namespace edgecert::reconcile
