// TokenFileWatcher: keeps the API client on the token in CLOUDFLARE_API_TOKEN_FILE when that file is
// rotated: rewritten in place, replaced by a rename, or swapped behind a symlink as Kubernetes does
// for an updated Secret (`token -> ..data/token`, `..data` re-pointed). Check() re-stats the path,
// following symlinks; when the file changed it re-reads it: a good new token goes to `apply`, a
// missing, empty or malformed file keeps the token in use and logs one error naming the file (once
// per change of the file). The token itself is never logged. Start() runs Check() every `interval` on
// a thread of its own until the watcher is destroyed. Thread-safety: Check() from one thread at a time.
#pragma once

#include <spdlog/logger.h>
#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <ctime>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "api/client/credentials.h"

namespace edgecert::daemon {

class TokenFileWatcher {
 public:
  using Apply = std::function<void(api::Credentials)>;
  enum class Outcome { kUnchanged, kRotated, kRejected };

  // `current`: the credentials read from `path` at start.
  TokenFileWatcher(std::string path, api::Credentials current, Apply apply, spdlog::logger& log);
  ~TokenFileWatcher();
  TokenFileWatcher(const TokenFileWatcher&) = delete;
  TokenFileWatcher& operator=(const TokenFileWatcher&) = delete;

  Outcome Check();
  void Start(std::chrono::milliseconds interval);

 private:
  // What stat() says about the file: a change in any of these means "read it again".
  struct FileIdentity {
    int error = 0;  // errno of a failed stat, else 0
    dev_t device = 0;
    ino_t inode = 0;
    off_t size = 0;
    timespec modified{};
    timespec changed{};
    bool operator==(const FileIdentity& o) const;
  };
  FileIdentity Stat() const;

  const std::string path_;
  api::Credentials current_;
  const Apply apply_;
  spdlog::logger& log_;
  FileIdentity seen_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace edgecert::daemon
