// CustomCsrReconciler: SSL-for-SaaS custom CSRs (the API generates and keeps the key). The CSR PEM is
// written with real newlines to the manifest's output file for the customer. CSRs are immutable: a
// changed subject, SANs or key type creates a new CSR, and the old one is deleted once no custom
// hostname uses its key. A prune the API refuses because the key is in use is reported as failed with
// that reason, never retried in a loop. Identity: the recorded id; adoption by subject, SANs and key
// type. Thread-safety: stateless.
#pragma once

#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

class CustomCsrReconciler final : public Reconciler {
 public:
  manifests::Kind kind() const override { return manifests::Kind::kCustomCsr; }
  Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) override;
  ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) override;
  Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) override;
  ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) override;
  bool Ready(const std::string& name, ReconcileContext& ctx) override;
};

// The remote id of the CSR the manifest object `name` stands for (owned, or matching and adoptable);
// empty when it does not exist yet. Custom hostnames upload their certificate against it.
Result<std::string> CustomCsrRemoteId(const std::string& name, ReconcileContext& ctx);

// The inventory's spec fingerprint of a created CSR (what `edgecert import` records too).
std::string CustomCsrSpecFingerprint(const manifests::CustomCsr& desired);

}  // namespace edgecert::reconcile
