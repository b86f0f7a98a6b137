#include "reconcile/state/file_state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace edgecert::reconcile {
namespace {

namespace fs = std::filesystem;

// Owns a POSIX file descriptor.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now so the caller sees close's error (NFS reports write errors there).
  int Close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// Disk full and I/O errors may clear up; permission and path problems need an operator.
Status ErrnoStatus(std::string_view operation, const fs::path& path, int err) {
  std::string message = std::string(operation) + " " + path.string() + ": " + std::strerror(err);
  switch (err) {
    case ENOSPC:
    case EDQUOT:
    case EIO:
    case EINTR:
    case EAGAIN:
    case EFBIG:
      return Unavailable(std::move(message));
    case EACCES:
    case EPERM:
    case EROFS:
    case ENOTDIR:
    case ENOENT:
    case ELOOP:
    case EISDIR:
      return FailedPrecondition(std::move(message));
    default:
      return Internal(std::move(message));
  }
}

Status WriteAll(int fd, std::string_view bytes, const fs::path& path) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("write", path, errno);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

std::string TempPrefix(const std::string& file_name) { return "." + file_name + ".tmp-"; }

}  // namespace

FileStateStore::FileStateStore(fs::path dir, fs::path path, bool read_only)
    : dir_(std::move(dir)), path_(std::move(path)), read_only_(read_only) {}

Status FileStateStore::CheckFileName(const std::string& file_name) {
  if (file_name.empty() || file_name == "." || file_name == ".." || file_name.find('/') != std::string::npos) {
    return InvalidArgument("state file name '" + file_name + "' must be a plain file name");
  }
  return Status::Ok();
}

Result<std::unique_ptr<FileStateStore>> FileStateStore::OpenReadOnly(const fs::path& state_dir,
                                                                     const std::string& file_name) {
  Status status = CheckFileName(file_name);
  if (!status.ok()) return status;
  if (state_dir.empty()) return InvalidArgument("the state directory is empty");
  auto store = std::unique_ptr<FileStateStore>(new FileStateStore(state_dir, state_dir / file_name, true));
  status = store->CheckNotSymlink();
  if (!status.ok()) return status;
  return store;
}

Result<std::unique_ptr<FileStateStore>> FileStateStore::Open(const fs::path& state_dir,
                                                             const std::string& file_name) {
  return OpenWritable(state_dir, file_name, "");
}

Result<std::unique_ptr<FileStateStore>> FileStateStore::OpenLocked(const fs::path& state_dir,
                                                                   const std::string& command,
                                                                   const std::string& file_name) {
  if (command.empty()) return InvalidArgument("a locked state store needs the command that holds it");
  return OpenWritable(state_dir, file_name, command);
}

Result<std::unique_ptr<FileStateStore>> FileStateStore::OpenWritable(const fs::path& state_dir,
                                                                     const std::string& file_name,
                                                                     const std::string& lock_command) {
  Status name_status = CheckFileName(file_name);
  if (!name_status.ok()) return name_status;
  if (state_dir.empty()) return InvalidArgument("the state directory is empty");
  struct stat st {};
  if (::stat(state_dir.c_str(), &st) != 0) {
    if (errno != ENOENT) return ErrnoStatus("stat state directory", state_dir, errno);
    std::error_code ec;
    fs::create_directories(state_dir, ec);
    if (ec) return ErrnoStatus("create state directory", state_dir, ec.value());
    // The inventory says what edgecert may delete: nobody else should read or plant files here.
    if (::chmod(state_dir.c_str(), 0700) != 0) return ErrnoStatus("chmod state directory", state_dir, errno);
    if (::stat(state_dir.c_str(), &st) != 0) return ErrnoStatus("stat state directory", state_dir, errno);
  }
  if (!S_ISDIR(st.st_mode)) return FailedPrecondition("state directory " + state_dir.string() + " is not a directory");
  if ((st.st_mode & S_IWOTH) != 0) {
    return FailedPrecondition("state directory " + state_dir.string() +
                              " is world-writable; anyone could replace the inventory (chmod o-w it)");
  }

  std::unique_ptr<StateLock> lock;
  if (!lock_command.empty()) {
    auto acquired = StateLock::Acquire(state_dir, lock_command);
    if (!acquired.ok()) return acquired.status();
    lock = std::move(acquired).value();
  }

  // A crash between creating and renaming a temporary file leaves it behind; it holds nothing needed.
  // (Unlocked stores are for one process that owns the directory, such as tests.)
  std::error_code ec;
  const std::string prefix = TempPrefix(file_name);
  for (const auto& entry : fs::directory_iterator(state_dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) fs::remove(entry.path(), ec);
  }

  auto store = std::unique_ptr<FileStateStore>(new FileStateStore(state_dir, state_dir / file_name, false));
  store->lock_ = std::move(lock);
  Status status = store->CheckNotSymlink();
  if (!status.ok()) return status;
  return store;
}

Status FileStateStore::CheckNotSymlink() const {
  struct stat st {};
  if (::lstat(path_.c_str(), &st) != 0) {
    return errno == ENOENT ? Status::Ok() : ErrnoStatus("stat", path_, errno);
  }
  if (S_ISLNK(st.st_mode)) return FailedPrecondition("state file " + path_.string() + " is a symlink; refusing it");
  if (!S_ISREG(st.st_mode)) return FailedPrecondition("state file " + path_.string() + " is not a regular file");
  return Status::Ok();
}

Result<std::optional<std::string>> FileStateStore::Read() {
  FileDescriptor fd(::open(path_.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::optional<std::string>();
    if (errno == ELOOP) return FailedPrecondition("state file " + path_.string() + " is a symlink; refusing it");
    return ErrnoStatus("open", path_, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus("stat", path_, errno);
  if (!S_ISREG(st.st_mode)) return FailedPrecondition("state file " + path_.string() + " is not a regular file");
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxStateBytes) {
    return FailedPrecondition("state file " + path_.string() + " is larger than " +
                              std::to_string(kMaxStateBytes) + " bytes");
  }
  std::string bytes;
  std::vector<char> buffer(64 * 1024);
  while (true) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path_, errno);
    }
    if (n == 0) break;
    bytes.append(buffer.data(), static_cast<std::size_t>(n));
    if (bytes.size() > kMaxStateBytes) return FailedPrecondition("state file " + path_.string() + " grew while read");
  }
  return std::optional<std::string>(std::move(bytes));
}

Status FileStateStore::Write(std::string_view bytes) {
  if (read_only_) return FailedPrecondition("state " + path_.string() + " was opened read-only");
  std::lock_guard<std::mutex> lock(write_mu_);
  Status status = CheckNotSymlink();
  if (!status.ok()) return status;

  std::string temp = (dir_ / TempPrefix(path_.filename().string())).string() + "XXXXXX";
  FileDescriptor fd(::mkostemp(temp.data(), O_CLOEXEC));  // created 0600
  if (!fd.valid()) return ErrnoStatus("create temporary file in", dir_, errno);
  const fs::path temp_path(temp);
  auto fail = [&](Status why) {
    ::unlink(temp_path.c_str());
    return why;
  };
  if (::fchmod(fd.get(), 0600) != 0) return fail(ErrnoStatus("chmod", temp_path, errno));
  status = WriteAll(fd.get(), bytes, temp_path);
  if (!status.ok()) return fail(status);
  if (::fsync(fd.get()) != 0) return fail(ErrnoStatus("fsync", temp_path, errno));
  if (fd.Close() != 0) return fail(ErrnoStatus("close", temp_path, errno));
  if (::rename(temp_path.c_str(), path_.c_str()) != 0) return fail(ErrnoStatus("rename onto", path_, errno));

  // The rename is durable only once the directory entry is on disk.
  FileDescriptor dir_fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd.valid()) return ErrnoStatus("open state directory", dir_, errno);
  if (::fsync(dir_fd.get()) != 0) return ErrnoStatus("fsync state directory", dir_, errno);
  return Status::Ok();
}

}  // namespace edgecert::reconcile
