#include "reconcile/plan.h"

#include <algorithm>

namespace edgecert::reconcile {

std::string_view ChangeTypeName(ChangeType type) {
  switch (type) {
    case ChangeType::kNoOp: return "no-op";
    case ChangeType::kCreate: return "create";
    case ChangeType::kUpdate: return "update";
    case ChangeType::kReplace: return "replace";
    case ChangeType::kDelete: return "delete";
    case ChangeType::kAdopt: return "adopt";
  }
  return "unknown";
}

std::size_t Plan::Count(ChangeType type) const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [type](const PlannedChange& c) { return c.type == type; }));
}

bool Plan::HasChanges() const {
  return std::any_of(changes.begin(), changes.end(), [](const PlannedChange& c) {
    return c.type != ChangeType::kNoOp;
  });
}

}  // namespace edgecert::reconcile
