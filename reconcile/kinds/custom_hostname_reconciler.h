// CustomHostnameReconciler: SSL-for-SaaS custom hostnames, identified by hostname within the zone.
// Creates, updates in place (PATCH of SSL settings, origin and metadata; the SSL part only when it
// differs, since sending it restarts the certificate lifecycle) and deletes them. A custom certificate
// from the manifest is uploaded against the key of its CustomCSR (custom_csr_id) or its own key.
// Thread-safety: stateless.
#pragma once

#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

class CustomHostnameReconciler final : public Reconciler {
 public:
  manifests::Kind kind() const override { return manifests::Kind::kCustomHostname; }
  Result<PlannedChange> Plan(const std::string& name, ReconcileContext& ctx) override;
  ReconcileResult Reconcile(const std::string& name, ReconcileContext& ctx) override;
  Result<PlannedChange> PlanDelete(const OwnedObject& owned, ReconcileContext& ctx) override;
  ReconcileResult Delete(const OwnedObject& owned, ReconcileContext& ctx) override;
  bool Ready(const std::string& name, ReconcileContext& ctx) override;
};

// The inventory's spec fingerprint: the SSL settings the API does not read back (what `edgecert import`
// records too, for settings it cannot see).
std::string CustomHostnameSpecFingerprint(const manifests::CustomHostname& desired);

}  // namespace edgecert::reconcile
