#include "reconcile/kinds/reconciler_registry.h"

#include "reconcile/kinds/certificate_pack_reconciler.h"
#include "reconcile/kinds/client_certificate_reconciler.h"
#include "reconcile/kinds/custom_csr_reconciler.h"
#include "reconcile/kinds/custom_hostname_reconciler.h"
#include "reconcile/kinds/hostname_association_reconciler.h"
#include "reconcile/kinds/mtls_certificate_reconciler.h"
#include "reconcile/kinds/universal_ssl_reconciler.h"

namespace edgecert::reconcile {

std::unique_ptr<Reconciler> MakeReconciler(manifests::Kind kind) {
  using manifests::Kind;
  switch (kind) {
    case Kind::kUniversalSsl:
      return std::make_unique<UniversalSslReconciler>();
    case Kind::kCertificatePack:
      return std::make_unique<CertificatePackReconciler>();
    case Kind::kMtlsCertificate:
      return std::make_unique<MtlsCertificateReconciler>();
    case Kind::kHostnameAssociation:
      return std::make_unique<HostnameAssociationReconciler>();
    case Kind::kCustomCsr:
      return std::make_unique<CustomCsrReconciler>();
    case Kind::kCustomHostname:
      return std::make_unique<CustomHostnameReconciler>();
    case Kind::kClientCertificate:
      return std::make_unique<ClientCertificateReconciler>();
    case Kind::kAccount:
    case Kind::kZone:
      return nullptr;  // scopes: resolved by the ScopeDirectory
  }
  return nullptr;
}

std::vector<std::unique_ptr<Reconciler>> MakeReconcilers() {
  std::vector<std::unique_ptr<Reconciler>> out;
  for (manifests::Kind kind : manifests::KindsInApplyOrder()) out.push_back(MakeReconciler(kind));
  return out;
}

}  // namespace edgecert::reconcile
