#include "tests/fakes/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

extern char** environ;

namespace edgecert::testing {

ChildProcess::ChildProcess(const std::vector<std::string>& args, const std::vector<std::string>& extra_env,
                           Capture capture) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const auto& e : extra_env) env_strings.push_back(e);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  int fds[2] = {-1, -1};
  const int captured_fd = capture == Capture::kStdout ? 1 : 2;
  if (capture != Capture::kNone && ::pipe(fds) == 0) {
    posix_spawn_file_actions_adddup2(&actions, fds[1], captured_fd);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
  }
  if (capture != Capture::kStdout) posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  if (capture != Capture::kStderr) posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  // A signal mask blocked in the test (none expected) must not reach the child.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t empty;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
  if (::posix_spawn(&pid_, argv[0], &actions, &attr, argv.data(), envp.data()) != 0) pid_ = -1;
  posix_spawnattr_destroy(&attr);
  posix_spawn_file_actions_destroy(&actions);
  if (fds[1] >= 0) {
    ::close(fds[1]);
    out_ = ::fdopen(fds[0], "r");
  }
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !reaped_) {
    ::kill(pid_, SIGKILL);
    Wait();
  }
  if (out_ != nullptr) std::fclose(out_);
}

std::string ChildProcess::ReadLineWith(const std::string& needle) {
  char buf[4096];
  while (out_ != nullptr && std::fgets(buf, sizeof buf, out_) != nullptr) {
    std::string line(buf);
    transcript_ += line;
    if (line.find(needle) != std::string::npos) return line;
  }
  return "";
}

std::string ChildProcess::ReadAll() {
  std::string all;
  char buf[4096];
  while (out_ != nullptr && std::fgets(buf, sizeof buf, out_) != nullptr) all += buf;
  transcript_ += all;
  return all;
}

void ChildProcess::Signal(int sig) {
  if (pid_ > 0 && !reaped_) ::kill(pid_, sig);
}

int ChildProcess::Wait() {
  if (pid_ <= 0) return -1;
  int status = 0;
  ::waitpid(pid_, &status, 0);
  reaped_ = true;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string EdgecertBinary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

}  // namespace edgecert::testing
