// ManifestWatcher: calls `on_change` once per burst of changes below a manifests root, `debounce` after
// the burst's last event, using inotify. Follows symlinks as the manifest loader does, watches new
// subdirectories, and survives a git-sync style symlink swap or the root being removed and recreated.
// Thread-safety: the callback runs on the watcher's own thread; the accessors may be called from any.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "common/status.h"
#include "daemon/inotify_watch_set.h"
#include "daemon/scoped_fd.h"

namespace edgecert::daemon {

struct ManifestWatcherStats {
  std::uint64_t bursts = 0;     // callbacks made
  std::uint64_t rearms = 0;     // times the watches were re-planned after a structural change
  std::uint64_t overflows = 0;  // kernel queue overflows (each treated as a change)
  std::size_t watches = 0;      // inotify watches held now
};

class ManifestWatcher {
 public:
  // Watches `root` (a directory, possibly through symlinks) until destroyed. The watches are in place
  // when Start returns: start the watcher, then load the manifests, so no edit falls between the two.
  // `on_change` must return promptly (hand the work to another thread) and must not destroy the watcher.
  // A burst that never goes quiet still calls back every max(10 x debounce, 2 s).
  static Result<std::unique_ptr<ManifestWatcher>> Start(std::filesystem::path root,
                                                        std::chrono::milliseconds debounce,
                                                        std::function<void()> on_change);

  // Stops and joins the thread; no callback runs after it returns.
  ~ManifestWatcher();
  ManifestWatcher(const ManifestWatcher&) = delete;
  ManifestWatcher& operator=(const ManifestWatcher&) = delete;

  ManifestWatcherStats stats() const;
  // OK, or why part of the tree is not watched now (e.g. the inotify watch limit); a later successful
  // re-plan clears it.
  Status health() const;

 private:
  struct StartKey {
    explicit StartKey() = default;
  };  // only Start constructs (through make_unique, hence a public constructor)

 public:
  ManifestWatcher(StartKey, std::filesystem::path root, std::chrono::milliseconds debounce,
                  std::function<void()> on_change, ScopedFd inotify, ScopedFd wake);

 private:
  void Run();
  // Reads every queued event; says whether any touched what the loader reads and whether to re-plan.
  void DrainEvents(bool& changed, bool& replan);
  void Replan();

  const std::filesystem::path root_;
  const std::chrono::milliseconds debounce_;
  const std::function<void()> on_change_;
  ScopedFd wake_;  // eventfd written by the destructor
  InotifyWatchSet watches_;  // touched only by Start and then the watcher thread

  std::atomic<std::uint64_t> bursts_{0};
  std::atomic<std::uint64_t> rearms_{0};
  std::atomic<std::uint64_t> overflows_{0};
  std::atomic<std::size_t> watch_count_{0};
  mutable std::mutex mu_;
  Status health_;  // guarded by mu_

  std::thread thread_;  // last: started after every member above exists
};

}  // namespace edgecert::daemon
