// SystemdNotifier: tells systemd (Type=notify units) how `edgecert run` is doing through sd_notify:
// READY=1 once the loop runs with a loaded desired state, STATUS= lines, STOPPING=1 on drain, and,
// when the unit sets WatchdogSec= (WATCHDOG_USEC), WATCHDOG=1 every half period while `alive` says the
// loop makes progress, so a stuck loop is restarted. Without NOTIFY_SOCKET every call does nothing.
// Thread-safety: every method may be called from any thread; the watchdog runs on its own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/status.h"

namespace edgecert::daemon {

class SystemdNotifier {
 public:
  // `alive`: whether the loop makes progress now (the /healthz check).
  explicit SystemdNotifier(std::function<Status()> alive);
  ~SystemdNotifier();  // stops the watchdog thread
  SystemdNotifier(const SystemdNotifier&) = delete;
  SystemdNotifier& operator=(const SystemdNotifier&) = delete;

  // READY=1 with a STATUS= line; only the first call sends READY=1.
  void Ready(const std::string& status);
  void SetStatus(const std::string& status);
  void Stopping(const std::string& status);

  // The watchdog period systemd asked for; zero when there is none.
  std::chrono::microseconds watchdog_period() const { return watchdog_period_; }

 private:
  void Send(const std::string& state);
  void Watchdog();

  const std::function<edgecert::Status()> alive_;
  std::chrono::microseconds watchdog_period_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool ready_ = false;     // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  std::thread watchdog_;   // last: started once everything above exists
};

}  // namespace edgecert::daemon
