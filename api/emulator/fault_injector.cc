#include "api/emulator/fault_injector.h"

namespace edgecert::emulator {

namespace {

template <typename T>
bool Matches(const T& fault, const std::string& method, const std::string& path) {
  return (fault.method.empty() || fault.method == method) && GlobMatch(fault.route, path);
}

}  // namespace

FaultInjector::FaultInjector(FaultConfig config, std::uint64_t seed) : config_(std::move(config)), rng_(seed) {}

void FaultInjector::Set(FaultConfig config) {
  std::lock_guard<std::mutex> lock(mu_);
  config_ = std::move(config);
}

FaultConfig FaultInjector::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_;
}

Clock::Duration FaultInjector::Latency(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& l : config_.latency) {
    if (!Matches(l, method, path)) continue;
    std::uniform_int_distribution<int> dist(l.min_ms, l.max_ms);
    return std::chrono::milliseconds(dist(rng_));
  }
  return Clock::Duration::zero();
}

std::optional<int> FaultInjector::Error(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& e : config_.errors) {
    if (!Matches(e, method, path) || e.remaining == 0) continue;
    if (std::uniform_real_distribution<double>(0.0, 1.0)(rng_) >= e.rate) continue;
    if (e.remaining > 0) --e.remaining;
    return e.status;
  }
  return std::nullopt;
}

bool FaultInjector::Drop(const std::string& method, const std::string& path) {
  if (method == "GET") return false;
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& d : config_.drops) {
    if (!Matches(d, method, path) || d.remaining == 0) continue;
    if (std::uniform_real_distribution<double>(0.0, 1.0)(rng_) >= d.rate) continue;
    if (d.remaining > 0) --d.remaining;
    return true;
  }
  return false;
}

bool FaultInjector::ValidationTimesOut(const std::vector<std::string>& hosts, int attempt) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& t : config_.validation_timeouts) {
    if (t.attempts != 0 && attempt > t.attempts) continue;
    for (const auto& host : hosts) {
      if (GlobMatch(t.pattern, host)) return true;
    }
  }
  return false;
}

}  // namespace edgecert::emulator
