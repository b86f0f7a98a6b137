// CoalescedPass: runs a pass (a sync of DNS records) on the calling thread; a call made while a pass runs
// is folded into one more pass by the thread that runs, so callers never queue behind one another. Each
// error is reported once, when it differs from the last. Thread-safety: Run may be called concurrently.
#pragma once

#include <functional>
#include <mutex>
#include <string>

#include "common/status.h"

namespace edgecert::dcv {

class CoalescedPass {
 public:
  CoalescedPass(std::function<Status()> pass, std::function<void(const Status&)> on_error)
      : pass_(std::move(pass)), on_error_(std::move(on_error)) {}

  void Run();

 private:
  const std::function<Status()> pass_;
  const std::function<void(const Status&)> on_error_;  // may be empty
  std::mutex mu_;
  bool running_ = false;    // guarded by mu_
  bool again_ = false;      // guarded by mu_
  std::string last_error_;  // guarded by mu_
};

}  // namespace edgecert::dcv
