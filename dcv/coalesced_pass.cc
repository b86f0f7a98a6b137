#include "dcv/coalesced_pass.h"

namespace edgecert::dcv {

void CoalescedPass::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  if (running_) {  // folded into the pass that runs: it starts again once done
    again_ = true;
    return;
  }
  running_ = true;
  do {
    again_ = false;
    lock.unlock();
    Status s = pass_();
    lock.lock();
    if (!s.ok() && s.message() != last_error_ && on_error_) on_error_(s);
    last_error_ = s.ok() ? "" : s.message();
  } while (again_);
  running_ = false;
}

}  // namespace edgecert::dcv
