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
    case ChangeType::kAdoptAndUpdate: return "adopt+update";
    case ChangeType::kAdoptAndReplace: return "adopt+replace";
    case ChangeType::kForget: return "forget";
    case ChangeType::kConflict: return "conflict";
  }
  return "unknown";
}

std::size_t Plan::Count(ChangeType type) const {
  return static_cast<std::size_t>(
      std::count_if(changes.begin(), changes.end(), [type](const PlannedChange& c) { return c.type == type; }));
}

bool Plan::HasChanges() const {
  return std::any_of(changes.begin(), changes.end(), [](const PlannedChange& c) {
    return c.type != ChangeType::kNoOp && c.type != ChangeType::kConflict;
  });
}

bool Plan::Pending() const { return HasChanges() || !held_back.empty() || Count(ChangeType::kConflict) > 0; }

}  // namespace edgecert::reconcile
