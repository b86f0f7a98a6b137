#include "reconcile/state/state_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace edgecert::reconcile {
namespace {

// Longest holder description read back; the file is written by edgecert and holds two short lines.
constexpr std::size_t kMaxHolderBytes = 1024;

std::string ReadHolder(int fd) {
  std::string text(kMaxHolderBytes, '\0');
  ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

// "pid 1234 (edgecert run manifests)" from the file's "1234\nedgecert run manifests".
std::string DescribeHolder(const std::string& text) {
  if (text.empty()) return "another process (it is just starting; its PID is not written yet)";
  const auto newline = text.find('\n');
  const std::string pid = text.substr(0, newline);
  const std::string command = newline == std::string::npos ? "" : text.substr(newline + 1);
  return "PID " + pid + (command.empty() ? "" : " (" + command + ")");
}

}  // namespace

Result<std::unique_ptr<StateLock>> StateLock::Acquire(const std::filesystem::path& state_dir,
                                                      const std::string& command) {
  const std::filesystem::path path = state_dir / kFileName;
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return FailedPrecondition("open state lock " + path.string() + ": " + std::strerror(errno));
  }
  std::unique_ptr<StateLock> lock(new StateLock(fd));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) return FailedPrecondition("lock " + path.string() + ": " + std::strerror(errno));
    return FailedPrecondition("state dir " + state_dir.string() + " is locked by " + DescribeHolder(ReadHolder(fd)) +
                              ": only one edgecert may write a state at a time. Stop that process first, or "
                              "wait for it to finish; `edgecert plan` only reads and needs no lock");
  }
  const std::string holder = std::to_string(::getpid()) + "\n" + command.substr(0, 512) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, holder.data(), holder.size(), 0) != static_cast<ssize_t>(holder.size())) {
    return FailedPrecondition("write state lock " + path.string() + ": " + std::strerror(errno));
  }
  return lock;
}

StateLock::~StateLock() { ::close(fd_); }  // closing the last descriptor releases the flock

}  // namespace edgecert::reconcile
