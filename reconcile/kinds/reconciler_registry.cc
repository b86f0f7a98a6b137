#include "reconcile/kinds/reconciler_registry.h"

#include "reconcile/kinds/certificate_pack_reconciler.h"
#include "reconcile/kinds/client_certificate_reconciler.h"
#include "reconcile/kinds/custom_csr_reconciler.h"
#include "reconcile/kinds/custom_hostname_reconciler.h"
#include "reconcile/kinds/hostname_association_reconciler.h"
#include "reconcile/kinds/mtls_certificate_reconciler.h"
#include "reconcile/kinds/universal_ssl_reconciler.h"

namespace edgecert::reconcile {

std::vector<std::unique_ptr<Reconciler>> MakeReconcilers() {
  std::vector<std::unique_ptr<Reconciler>> out;
  // Apply order; one line per kind. Deletes walk this list backwards.
  out.push_back(std::make_unique<UniversalSslReconciler>());
  out.push_back(std::make_unique<CertificatePackReconciler>());
  out.push_back(std::make_unique<MtlsCertificateReconciler>());
  out.push_back(std::make_unique<HostnameAssociationReconciler>());
  out.push_back(std::make_unique<CustomCsrReconciler>());
  out.push_back(std::make_unique<CustomHostnameReconciler>());
  out.push_back(std::make_unique<ClientCertificateReconciler>());
  return out;
}

}  // namespace edgecert::reconcile
