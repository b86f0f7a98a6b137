// StateStore: where edgecert keeps its durable state (the ownership inventory). A Write replaces the
// whole state atomically: a later Read sees the old bytes or the new ones, never a mix. Backed by a
// file today (file_state_store.h), by etcd for leader-elected replicas later.
// Thread-safety: implementations must allow concurrent calls from several threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace edgecert::reconcile {

class StateStore {
 public:
  virtual ~StateStore() = default;

  // The stored bytes, or nullopt when nothing was ever written.
  virtual Result<std::optional<std::string>> Read() = 0;
  // Replaces the stored bytes; durable once it returns OK.
  virtual Status Write(std::string_view bytes) = 0;
  // Where the state lives, for error messages (a file path, an etcd key).
  virtual std::string Describe() const = 0;
};

}  // namespace edgecert::reconcile
