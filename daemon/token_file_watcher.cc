#include "daemon/token_file_watcher.h"

#include <sys/stat.h>

#include <cerrno>

namespace edgecert::daemon {

bool TokenFileWatcher::FileIdentity::operator==(const FileIdentity& o) const {
  return error == o.error && device == o.device && inode == o.inode && size == o.size &&
         modified.tv_sec == o.modified.tv_sec && modified.tv_nsec == o.modified.tv_nsec &&
         changed.tv_sec == o.changed.tv_sec && changed.tv_nsec == o.changed.tv_nsec;
}

TokenFileWatcher::TokenFileWatcher(std::string path, api::Credentials current, Apply apply, spdlog::logger& log)
    : path_(std::move(path)), current_(std::move(current)), apply_(std::move(apply)), log_(log) {
  seen_.error = -1;  // the first Check() reads the file: it may have changed since `current` was read
}

TokenFileWatcher::~TokenFileWatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

TokenFileWatcher::FileIdentity TokenFileWatcher::Stat() const {
  FileIdentity id;
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) {
    id.error = errno;
    return id;
  }
  id.device = st.st_dev;
  id.inode = st.st_ino;
  id.size = st.st_size;
  id.modified = st.st_mtim;
  id.changed = st.st_ctim;
  return id;
}

TokenFileWatcher::Outcome TokenFileWatcher::Check() {
  const FileIdentity now = Stat();
  if (now == seen_) return Outcome::kUnchanged;
  seen_ = now;
  auto read = api::Credentials::FromTokenFile(path_);
  if (!read.ok()) {
    log_.error("the API token file changed and cannot be used: {}; the token read before stays in use",
               read.status().message());
    return Outcome::kRejected;
  }
  if (read->SameAs(current_)) return Outcome::kUnchanged;
  current_ = *read;
  apply_(std::move(read).value());
  log_.info("the API token in {} changed: API calls use the new token from now on", path_);
  return Outcome::kRotated;
}

void TokenFileWatcher::Start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
      lock.unlock();
      Check();
      lock.lock();
    }
  });
}

}  // namespace edgecert::daemon
