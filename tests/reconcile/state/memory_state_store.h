// An in-memory StateStore for tests, with a switch that makes writes fail and a write counter.
#pragma once

#include <mutex>

#include "reconcile/state/state_store.h"

namespace edgecert::reconcile {

class MemoryStateStore final : public StateStore {
 public:
  Result<std::optional<std::string>> Read() override {
    std::lock_guard<std::mutex> lock(mu_);
    return bytes_;
  }
  Status Write(std::string_view bytes) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (fail_writes_) return Unavailable("injected write failure");
    bytes_ = std::string(bytes);
    ++writes_;
    return Status::Ok();
  }
  std::string Describe() const override { return "memory:test"; }

  void set_fail_writes(bool fail) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_writes_ = fail;
  }
  int writes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return writes_;
  }
  void set_bytes(std::string bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    bytes_ = std::move(bytes);
  }

 private:
  mutable std::mutex mu_;
  std::optional<std::string> bytes_;
  bool fail_writes_ = false;
  int writes_ = 0;
};

}  // namespace edgecert::reconcile
