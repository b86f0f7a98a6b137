#include "daemon/manifest_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace edgecert::daemon {
namespace fs = std::filesystem;
namespace {

// The debounce is measured against the kernel's wakeups, so it runs on the monotonic clock rather than
// an injected Clock: a fake clock cannot make poll() return.
using Steady = std::chrono::steady_clock;

std::string ErrnoText(int err) { return std::strerror(err); }

int MillisUntil(Steady::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Steady::now());
  return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

}  // namespace

Result<std::unique_ptr<ManifestWatcher>> ManifestWatcher::Start(fs::path root, std::chrono::milliseconds debounce,
                                                                std::function<void()> on_change) {
  struct stat st {};
  if (::stat(root.c_str(), &st) != 0) {
    return NotFound("manifests directory " + root.string() + ": " + ErrnoText(errno));
  }
  if (!S_ISDIR(st.st_mode)) return InvalidArgument("manifests path " + root.string() + " is not a directory");
  ScopedFd inotify(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
  if (!inotify.valid()) return Unavailable("inotify_init1: " + ErrnoText(errno));
  ScopedFd wake(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake.valid()) return Unavailable("eventfd: " + ErrnoText(errno));

  auto watcher = std::make_unique<ManifestWatcher>(StartKey{}, std::move(root), debounce, std::move(on_change),
                                                   std::move(inotify), std::move(wake));
  if (Status s = watcher->health(); !s.ok()) return s;  // e.g. the watch limit: fail loudly at start
  watcher->thread_ = std::thread([w = watcher.get()] { w->Run(); });
  return watcher;
}

ManifestWatcher::ManifestWatcher(StartKey, fs::path root, std::chrono::milliseconds debounce, std::function<void()> on_change,
                                 ScopedFd inotify, ScopedFd wake)
    : root_(std::move(root)),
      debounce_(debounce),
      on_change_(std::move(on_change)),
      wake_(std::move(wake)),
      watches_(std::move(inotify)) {
  Status applied = watches_.Apply(PlanWatches(root_));
  watch_count_ = watches_.size();
  std::lock_guard lock(mu_);
  health_ = std::move(applied);
}

ManifestWatcher::~ManifestWatcher() {
  if (thread_.joinable()) {
    std::uint64_t one = 1;
    // Cannot fail short of a counter overflow; the thread also wakes on any error of the fd.
    [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);
    thread_.join();
  }
}

ManifestWatcherStats ManifestWatcher::stats() const {
  return {bursts_.load(), rearms_.load(), overflows_.load(), watch_count_.load()};
}

Status ManifestWatcher::health() const {
  std::lock_guard lock(mu_);
  return health_;
}

void ManifestWatcher::Replan() {
  Status applied = watches_.Apply(PlanWatches(root_));
  watch_count_ = watches_.size();
  ++rearms_;
  std::lock_guard lock(mu_);
  health_ = std::move(applied);
}

void ManifestWatcher::DrainEvents(bool& changed, bool& replan) {
  // Aligned as the kernel writes inotify_event records into it.
  alignas(inotify_event) char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(watches_.fd(), buffer, sizeof buffer);
    if (n <= 0) return;  // EAGAIN: drained
    for (char* p = buffer; p < buffer + n;) {
      const auto* event = reinterpret_cast<const inotify_event*>(p);
      if (event->mask & IN_Q_OVERFLOW) ++overflows_;
      EventMeaning meaning = watches_.Classify(*event);
      changed = changed || meaning.changed;
      replan = replan || meaning.replan;
      p += sizeof(inotify_event) + event->len;
    }
  }
}

void ManifestWatcher::Run() {
  const auto max_wait = std::max<Steady::duration>(10 * debounce_, std::chrono::seconds(2));
  bool in_burst = false;
  Steady::time_point quiet_at{};     // when the current burst ends unless more events come
  Steady::time_point burst_began{};  // a burst that never goes quiet still ends at burst_began + max_wait
  for (;;) {
    pollfd fds[2] = {{wake_.get(), POLLIN, 0}, {watches_.fd(), POLLIN, 0}};
    int timeout = in_burst ? MillisUntil(std::min(quiet_at, burst_began + max_wait)) : -1;
    int ready = ::poll(fds, 2, timeout);
    if (ready < 0 && errno != EINTR) {
      std::lock_guard lock(mu_);
      health_ = Internal("poll on the manifest watch: " + ErrnoText(errno));
      return;
    }
    if (fds[0].revents != 0) return;  // the destructor asks us to stop
    if (ready > 0 && fds[1].revents != 0) {
      bool changed = false;
      bool replan = false;
      DrainEvents(changed, replan);
      // Re-plan at once, before the callback, so files written into a new directory are seen.
      if (replan) Replan();
      if (changed) {
        Steady::time_point now = Steady::now();
        if (!in_burst) burst_began = now;
        in_burst = true;
        quiet_at = now + debounce_;
      }
    }
    if (in_burst) {
      Steady::time_point now = Steady::now();
      if (now >= quiet_at || now >= burst_began + max_wait) {
        in_burst = false;
        ++bursts_;
        on_change_();
      }
    }
  }
}

}  // namespace edgecert::daemon
