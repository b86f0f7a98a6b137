#include "reconcile/state/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <system_error>

namespace edgecert::reconcile {

namespace {

constexpr std::uintmax_t kMaxReadBytes = 4u << 20;

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

Status Errno(std::string_view what, const std::filesystem::path& path) {
  return Unavailable(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

std::string TempName(const std::filesystem::path& path) {
  std::random_device device;
  std::ostringstream name;
  name << "." << path.filename().string() << ".tmp-" << std::hex << device();
  return name.str();
}

}  // namespace

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content,
                           std::filesystem::perms mode) {
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable("cannot create directory " + dir.string() + ": " + ec.message());
  const std::filesystem::path temp = dir / TempName(path);
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (fd.get() < 0) return Errno("cannot create", temp);
  std::size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd.get(), content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status error = Errno("cannot write", temp);
      ::unlink(temp.c_str());
      return error;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0 || ::fsync(fd.get()) != 0 ||
      ::close(fd.Release()) != 0) {
    Status error = Errno("cannot finish", temp);
    ::unlink(temp.c_str());
    return error;
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    Status error = Errno("cannot rename over", path);
    ::unlink(temp.c_str());
    return error;
  }
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) return Errno("cannot sync directory", dir);
  return Status::Ok();
}

Result<std::optional<std::string>> ReadFileIfExists(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (ec) return Unavailable("cannot stat " + path.string() + ": " + ec.message());
    return std::optional<std::string>();
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return Unavailable("cannot stat " + path.string() + ": " + ec.message());
  if (size > kMaxReadBytes) return InvalidArgument(path.string() + " is larger than 4 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unavailable("cannot open " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return std::optional<std::string>(content.str());
}

}  // namespace edgecert::reconcile
