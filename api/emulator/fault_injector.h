// FaultInjector: decides, per request, the injected latency, 5xx error and commit-then-drop, and which
// validations time out, from a FaultConfig and a seeded generator (repeatable runs).
// Thread-safety: all methods are safe to call from many threads.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "api/emulator/fault_config.h"
#include "common/clock.h"

namespace edgecert::emulator {

class FaultInjector {
 public:
  FaultInjector(FaultConfig config, std::uint64_t seed);

  void Set(FaultConfig config);
  FaultConfig Get() const;

  Clock::Duration Latency(const std::string& method, const std::string& path);
  // The 5xx status to answer with instead of handling the request, if any.
  std::optional<int> Error(const std::string& method, const std::string& path);
  // True when this committed write must be answered by closing the connection.
  bool Drop(const std::string& method, const std::string& path);
  // True when a validation attempt (1-based) of these hosts must end in *_timed_out.
  bool ValidationTimesOut(const std::vector<std::string>& hosts, int attempt) const;

 private:
  mutable std::mutex mu_;
  FaultConfig config_;      // guarded by mu_
  std::mt19937_64 rng_;     // guarded by mu_
};

}  // namespace edgecert::emulator
