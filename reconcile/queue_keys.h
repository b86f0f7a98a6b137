// The Controller's queue keys. A key starts with a rank, so items due at the same instant start in
// dependency order: applies in the kinds' apply order (manifests/kind.h), then deletes in the reverse
// order, whatever the number of objects (the rank is the kind's, never a count of objects). The resync
// marker sorts first.
#pragma once

#include <spdlog/fmt/fmt.h>

#include <string>

#include "manifests/kind.h"
#include "reconcile/state/inventory.h"

namespace edgecert::reconcile {

inline constexpr char kResyncQueueKey[] = "!resync";  // '!' sorts before every ranked key

// `key.kind` must be reconciled (it has an apply rank).
inline std::string ApplyQueueKey(const ObjectKey& key) {
  return fmt::format("a{:03d}|{}", manifests::FactsOf(key.kind).apply_rank, key.ToString());
}
inline std::string DeleteQueueKey(const ObjectKey& key) {
  return fmt::format("d{:03d}|delete {}", manifests::kReconciledKindCount - 1 - manifests::FactsOf(key.kind).apply_rank,
                     key.ToString());
}

}  // namespace edgecert::reconcile
