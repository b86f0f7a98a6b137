#include "reconcile/state/file_state_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <algorithm>
#include <vector>

#include "reconcile/state/inventory_json.h"
#include "reconcile/state/records_change.h"

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

// A snapshot is written once the journal holds this many lines, or half as many as the state has records.
constexpr std::size_t kMinJournalLines = 1000;

}  // namespace

FileStateStore::FileStateStore(fs::path dir, fs::path path, bool read_only)
    : dir_(std::move(dir)), path_(std::move(path)), read_only_(read_only), journal_path_(path_.string() + ".journal") {}

FileStateStore::~FileStateStore() {
  if (journal_fd_ >= 0) ::close(journal_fd_);
}

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

Result<std::optional<std::string>> FileStateStore::ReadFile(const fs::path& path) const {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) {
    if (errno == ENOENT) return std::optional<std::string>();
    if (errno == ELOOP) return FailedPrecondition("state file " + path.string() + " is a symlink; refusing it");
    return ErrnoStatus("open", path, errno);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return ErrnoStatus("stat", path, errno);
  if (!S_ISREG(st.st_mode)) return FailedPrecondition("state file " + path.string() + " is not a regular file");
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxStateBytes) {
    return FailedPrecondition("state file " + path.string() + " is larger than " +
                              std::to_string(kMaxStateBytes) + " bytes");
  }
  std::string bytes;
  std::vector<char> buffer(64 * 1024);
  while (true) {
    ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("read", path, errno);
    }
    if (n == 0) break;
    bytes.append(buffer.data(), static_cast<std::size_t>(n));
    if (bytes.size() > kMaxStateBytes) return FailedPrecondition("state file " + path.string() + " grew while read");
  }
  return std::optional<std::string>(std::move(bytes));
}

Result<std::optional<std::string>> FileStateStore::Read() {
  std::lock_guard<std::mutex> lock(write_mu_);
  auto journal = ReadFile(journal_path_);
  if (!journal.ok()) return journal.status();
  if (!*journal || (*journal)->find('\n') == std::string::npos) return ReadFile(path_);
  auto records = LoadLocked();
  if (!records.ok()) return records.status();
  return std::optional<std::string>(SerializeInventory(*records));
}

Result<InventoryRecords> FileStateStore::LoadRecords() {
  std::lock_guard<std::mutex> lock(write_mu_);
  return LoadLocked();
}

Result<InventoryRecords> FileStateStore::LoadLocked() {
  // The journal first: a snapshot written after it was read holds every line of it, and replaying
  // lines the snapshot already holds changes nothing.
  auto journal = ReadFile(journal_path_);
  if (!journal.ok()) return journal.status();
  auto snapshot = ReadFile(path_);
  if (!snapshot.ok()) return snapshot.status();
  InventoryRecords records;
  if (*snapshot) {
    auto parsed = ParseInventory(**snapshot);
    if (!parsed.ok()) return parsed.status().WithContext(UnusableInventoryContext(Describe()));
    records = std::move(parsed).value();
  }
  const std::string text = journal->value_or("");
  std::size_t start = 0;
  std::size_t lines = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    ++lines;
    const std::string where = journal_path_.string() + ":" + std::to_string(lines);
    auto change = ParseChange(std::string_view(text).substr(start, end - start), where);
    if (!change.ok()) return change.status().WithContext(UnusableInventoryContext(Describe()));
    ApplyChange(*change, records);
    start = end + 1;
  }
  // Bytes after the last line break are a line torn by a crash: never acknowledged, so dropped.
  journal_bytes_ = start;
  journal_lines_ = lines;
  journal_known_ = true;
  return records;
}

Status FileStateStore::CommitRecords(const InventoryRecords& before, const InventoryRecords& after) {
  return CommitChange(before, DiffRecords(before, after));
}

Status FileStateStore::CommitChange(const InventoryRecords& before, const RecordsChange& change) {
  if (read_only_) return FailedPrecondition("state " + path_.string() + " was opened read-only");
  std::lock_guard<std::mutex> lock(write_mu_);
  if (change.empty()) return Status::Ok();
  const std::size_t records = before.objects.size() + before.intents.size();
  if (journal_lines_ >= std::max(kMinJournalLines, records / 2)) {  // amortised: O(1) bytes per change
    InventoryRecords after = before;
    ApplyChange(change, after);
    Status written = WriteSnapshotLocked(SerializeInventory(after));
    if (!written.ok()) return written;
    EmptyJournalLocked();
    return Status::Ok();
  }
  return AppendLocked(SerializeChange(change) + "\n");
}

Status FileStateStore::AppendLocked(const std::string& line) {
  if (!journal_known_) {  // where the journal's complete lines end, before anything is cut at it
    auto loaded = LoadLocked();
    if (!loaded.ok()) return loaded.status();
  }
  if (journal_fd_ < 0) {
    struct stat st {};
    const bool existed = ::lstat(journal_path_.c_str(), &st) == 0;
    if (existed && !S_ISREG(st.st_mode)) {
      return FailedPrecondition("state journal " + journal_path_.string() + " is not a regular file");
    }
    const int fd = ::open(journal_path_.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return ErrnoStatus("open", journal_path_, errno);
    journal_fd_ = fd;
    if (!existed) {  // the new file's directory entry must be durable before a line in it counts
      FileDescriptor dir_fd(::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
      if (!dir_fd.valid() || ::fsync(dir_fd.get()) != 0) return ErrnoStatus("fsync state directory", dir_, errno);
    }
  }
  // Drop a torn line a crash left (and anything a failed append left) before appending.
  if (::ftruncate(journal_fd_, static_cast<off_t>(journal_bytes_)) != 0 ||
      ::lseek(journal_fd_, static_cast<off_t>(journal_bytes_), SEEK_SET) < 0) {
    return ErrnoStatus("truncate", journal_path_, errno);
  }
  Status status = WriteAll(journal_fd_, line, journal_path_);
  if (status.ok() && ::fdatasync(journal_fd_) != 0) status = ErrnoStatus("fdatasync", journal_path_, errno);
  if (!status.ok()) return status;  // the next append truncates the partial line away
  journal_bytes_ += line.size();
  ++journal_lines_;
  return Status::Ok();
}

void FileStateStore::EmptyJournalLocked() {
  // The snapshot holds every line now; should emptying fail, replaying them later changes nothing.
  const int fd = journal_fd_ >= 0 ? journal_fd_ : ::open(journal_path_.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 && ::ftruncate(fd, 0) == 0 && ::fsync(fd) == 0) {
    journal_bytes_ = 0;
    journal_lines_ = 0;
  }
  if (fd >= 0 && fd != journal_fd_) ::close(fd);
}

Status FileStateStore::Write(std::string_view bytes) {
  if (read_only_) return FailedPrecondition("state " + path_.string() + " was opened read-only");
  std::lock_guard<std::mutex> lock(write_mu_);
  Status written = WriteSnapshotLocked(bytes);
  if (written.ok()) EmptyJournalLocked();
  return written;
}

Status FileStateStore::WriteSnapshotLocked(std::string_view bytes) {
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
