#include "reconcile/reconciler_registry.h"

#include "reconcile/certificate_pack_reconciler.h"
#include "reconcile/client_certificate_reconciler.h"
#include "reconcile/custom_csr_reconciler.h"
#include "reconcile/custom_hostname_reconciler.h"
#include "reconcile/hostname_association_reconciler.h"
#include "reconcile/mtls_certificate_reconciler.h"
#include "reconcile/universal_ssl_reconciler.h"

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
