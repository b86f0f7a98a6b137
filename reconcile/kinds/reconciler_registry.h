// The reconcilers of every manifest kind, in dependency order (the apply ranks of manifests/kind.h): creates and
// updates run in this order (Universal SSL, packs, mTLS certificates before the associations that name them, CSRs
// before the custom hostnames that use them, client certificates); deletes run in the reverse order, so a CA's hostname
// associations are emptied before the CA is deleted. Zones and accounts are resolved by the ScopeDirectory, not
// reconciled. Thread-safety: the factory is pure; reconcilers are stateless.
#pragma once

#include <memory>
#include <vector>

#include "manifests/kind.h"
#include "reconcile/reconciler.h"

namespace edgecert::reconcile {

// The reconciler of `kind`; null for Account and Zone.
std::unique_ptr<Reconciler> MakeReconciler(manifests::Kind kind);

// One reconciler per reconciled kind, in apply order (manifests::KindsInApplyOrder()).
std::vector<std::unique_ptr<Reconciler>> MakeReconcilers();

}  // namespace edgecert::reconcile
