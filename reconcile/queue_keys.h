// The Controller's queue keys. A key starts with a rank, so items due at the same instant start in
// dependency order: applies in the reconcilers' order, then deletes in the reverse order, whatever the
// number of objects (the rank is the kind's, never a count of objects). The resync marker sorts first.
#pragma once

#include <spdlog/fmt/fmt.h>

#include <cstddef>
#include <string>

#include "reconcile/state/inventory.h"

namespace edgecert::reconcile {

inline constexpr char kResyncQueueKey[] = "!resync";  // '!' sorts before every ranked key

// `rank` is the kind's index in apply order (MakeReconcilers), `kinds` how many there are.
inline std::string ApplyQueueKey(std::size_t rank, const ObjectKey& key) {
  return fmt::format("a{:03d}|{}", rank, key.ToString());
}
inline std::string DeleteQueueKey(std::size_t rank, std::size_t kinds, const ObjectKey& key) {
  return fmt::format("d{:03d}|delete {}", kinds - 1 - rank, key.ToString());
}

}  // namespace edgecert::reconcile
