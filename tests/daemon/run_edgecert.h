// The edgecert program run through the shell, its stdout and stderr read to the end: for the tests of
// the command line (exit codes, messages) that need no emulator.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace edgecert::daemon::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string output;
};

// `args` is shell text; `env` (e.g. "NO_COLOR=1 ") is prefixed to the command line.
inline ProcessResult RunEdgecert(const std::string& args, const std::string& env = "") {
  const char* binary = std::getenv("EDGECERT_BINARY");
  const std::string command = env + std::string(binary ? binary : EDGECERT_BINARY_PATH) + " " + args + " 2>&1";
  ProcessResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace edgecert::daemon::testing
