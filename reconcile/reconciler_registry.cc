#include "reconcile/reconciler_registry.h"

namespace edgecert::reconcile {

std::vector<std::unique_ptr<Reconciler>> MakeReconcilers() {
  std::vector<std::unique_ptr<Reconciler>> out;
  // Apply order; one line per kind. Deletes walk this list backwards.
  return out;
}

}  // namespace edgecert::reconcile
