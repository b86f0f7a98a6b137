// CertificatePackReconciler: advanced certificate packs. Identity is the exact host set in the zone (as
// the API reads it back: order, case and duplicates do not matter). Orders record a create intent
// first; after an ambiguous answer or a restart with an intent present it lists (status=all) and adopts
// the matching pack before ever ordering again. A change of hosts, CA or validity is a replace: the new
// pack is ordered, and the old one (kept as superseded) is deleted only once the new one is active, so
// no host is left uncovered. `*_timed_out` validation is restarted with backoff a bounded number of
// times, then the object fails with the reason. Thread-safety: stateless (see reconciler.h).
#pragma once

#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

class CertificatePackReconciler final : public Reconciler {
 public:
  manifests::Kind kind() const override { return manifests::Kind::kCertificatePack; }
  Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) override;
  ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) override;
  Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) override;
  ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) override;
  bool Ready(const std::string& name, ReconcileContext& ctx) override;
};

}  // namespace edgecert::reconcile
