#include "reconcile/reconciler_registry.h"

#include "reconcile/certificate_pack_reconciler.h"
#include "reconcile/universal_ssl_reconciler.h"

namespace edgecert::reconcile {

std::vector<std::unique_ptr<Reconciler>> MakeReconcilers() {
  std::vector<std::unique_ptr<Reconciler>> out;
  // Apply order; one line per kind. Deletes walk this list backwards.
  out.push_back(std::make_unique<UniversalSslReconciler>());
  out.push_back(std::make_unique<CertificatePackReconciler>());
  return out;
}

}  // namespace edgecert::reconcile
