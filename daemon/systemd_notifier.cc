#include "daemon/systemd_notifier.h"

#include <spdlog/spdlog.h>
#include <systemd/sd-daemon.h>

#include <cstring>

namespace edgecert::daemon {

SystemdNotifier::SystemdNotifier(std::function<edgecert::Status()> alive) : alive_(std::move(alive)) {
  uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_period_ = std::chrono::microseconds(usec);
    watchdog_ = std::thread([this] { Watchdog(); });
  }
}

SystemdNotifier::~SystemdNotifier() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

void SystemdNotifier::Ready(const std::string& status) {
  bool first = false;
  {
    std::lock_guard lock(mu_);
    first = !ready_;
    ready_ = true;
  }
  Send((first ? "READY=1\nSTATUS=" : "STATUS=") + status);
}

void SystemdNotifier::SetStatus(const std::string& status) { Send("STATUS=" + status); }

void SystemdNotifier::Stopping(const std::string& status) {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  Send("STOPPING=1\nSTATUS=" + status);
}

void SystemdNotifier::Send(const std::string& state) {
  const int rc = sd_notify(0, state.c_str());
  if (rc < 0) spdlog::warn("systemd notification failed: {}", std::strerror(-rc));
}

void SystemdNotifier::Watchdog() {
  // Half the period, as sd_watchdog_enabled(3) advises, so one late ping is not a restart.
  const auto interval = watchdog_period_ / 2;
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    const edgecert::Status alive = alive_ ? alive_() : edgecert::Status::Ok();
    if (alive.ok()) {
      Send("WATCHDOG=1");
    } else {
      spdlog::warn("not pinging the systemd watchdog: {}", alive.message());
    }
    lock.lock();
  }
}

}  // namespace edgecert::daemon
