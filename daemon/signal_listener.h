// SignalListener: takes SIGTERM, SIGINT and SIGHUP away from their default action (exit) and reports
// each one that arrives, on its own thread, to a callback; a second SIGTERM is reported like the first.
// Thread-safety: create and destroy it on the main thread, before any other thread starts (see Start).
#pragma once

#include <signal.h>

#include <functional>
#include <memory>
#include <thread>

#include "common/status.h"
#include "daemon/scoped_fd.h"

namespace edgecert::daemon {

class SignalListener {
 public:
  // Blocks the signals in the calling thread with pthread_sigmask and reads them from a signalfd. Call it
  // first thing in main(), before any thread is created: a thread inherits the mask of its creator, and
  // one that started earlier would still take a signal with its default action and end the process.
  // One listener per process. Two signals of one number that arrive before the listener reads the first
  // are merged by the kernel into one report. `on_signal` runs on the listener's thread and should return
  // promptly; it must not destroy the listener.
  static Result<std::unique_ptr<SignalListener>> Start(std::function<void(int signal_number)> on_signal);

  // Stops the thread, drops signals still pending, then restores the mask the creating thread had.
  ~SignalListener();
  SignalListener(const SignalListener&) = delete;
  SignalListener& operator=(const SignalListener&) = delete;

 private:
  struct StartKey {
    explicit StartKey() = default;
  };

 public:
  SignalListener(StartKey, std::function<void(int)> on_signal, sigset_t previous_mask, ScopedFd signal_fd,
                 ScopedFd wake);

 private:
  void Run();

  const std::function<void(int)> on_signal_;
  const sigset_t previous_mask_;
  ScopedFd signal_fd_;
  ScopedFd wake_;  // eventfd written by the destructor
  std::thread thread_;
};

}  // namespace edgecert::daemon
