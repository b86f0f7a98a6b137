// LoggedProcess: a program started by a test (posix_spawn) whose stdout and stderr go to a log file, so
// a chatty daemon never blocks on a full pipe and the whole transcript is there when a test fails.
// Killed (if still running) and reaped on destruction. Thread-safety: use from one thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace edgecert::testing {

class LoggedProcess {
 public:
  // `args[0]` is the program path; `extra_env` entries ("NAME=value") are added to this environment.
  LoggedProcess(const std::vector<std::string>& args, const std::vector<std::string>& extra_env,
                std::filesystem::path log_file);
  ~LoggedProcess();
  LoggedProcess(const LoggedProcess&) = delete;
  LoggedProcess& operator=(const LoggedProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // True while it has not exited (reaps it when it has).
  bool Running();
  void Signal(int sig);
  // Waits up to `timeout` for the exit: the exit code (128 + signal when killed), nullopt when it is
  // still running at the deadline.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  // Everything it wrote so far.
  std::string Log() const;
  const std::filesystem::path& log_file() const { return log_file_; }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
  std::filesystem::path log_file_;
};

}  // namespace edgecert::testing
