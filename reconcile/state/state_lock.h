// StateLock: the one-writer guarantee of a state directory. It holds flock(LOCK_EX) on DIR/lock for as
// long as the object lives; the kernel drops the lock when the process dies, so a killed writer never
// leaves a stale lock behind. The lock file names the holder (PID and command) so a refused writer can
// say who holds it. Thread-safety: immutable after Acquire.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "common/status.h"

namespace edgecert::reconcile {

class StateLock {
 public:
  static constexpr char kFileName[] = "lock";

  // Takes the lock at once or fails with FailedPrecondition naming the state dir, the holder's PID and
  // command, and what to do. `command` describes this process for the next one ("edgecert apply DIR").
  // The state dir must exist.
  static Result<std::unique_ptr<StateLock>> Acquire(const std::filesystem::path& state_dir,
                                                    const std::string& command);
  ~StateLock();

  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  const int fd_;
};

}  // namespace edgecert::reconcile
