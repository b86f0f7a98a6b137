// ChildProcess: a program started by a test (posix_spawn), one of its output streams readable line by
// line; killed (if still running) and reaped on destruction. For tests that run edgecert as a process.
// Thread-safety: use from one thread.
#pragma once

#include <sys/types.h>

#include <cstdio>
#include <string>
#include <vector>

namespace edgecert::testing {

class ChildProcess {
 public:
  enum class Capture { kNone, kStdout, kStderr };

  // `args[0]` is the program path; `extra_env` entries ("NAME=value") are added to this environment.
  ChildProcess(const std::vector<std::string>& args, const std::vector<std::string>& extra_env, Capture capture);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // Blocks until a captured line contains `needle`; returns it ("" at end of stream). Every line read
  // is kept in transcript().
  std::string ReadLineWith(const std::string& needle);
  // Reads the rest of the stream.
  std::string ReadAll();
  const std::string& transcript() const { return transcript_; }
  void Signal(int sig);
  // Waits for the exit; the exit code, or 128 + signal.
  int Wait();

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  FILE* out_ = nullptr;
  std::string transcript_;
};

// The edgecert binary under test (EDGECERT_BINARY, else the build's).
std::string EdgecertBinary();

}  // namespace edgecert::testing
