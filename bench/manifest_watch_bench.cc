// Manifest watch benchmark: the time from a change on disk to ManifestWatcher's callback, for an edit of
// one manifest file and for a git-sync style swap of the `current` symlink to a new worktree. The tree is
// laid out as git-sync v4 leaves it (ROOT/.worktrees/<rev>, ROOT/current -> .worktrees/<rev>).
// Usage: manifest_watch_bench [runs=50] [debounce_ms=200] [files=100]
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "daemon/manifest_watcher.h"

namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using edgecert::daemon::ManifestWatcher;

constexpr int kFilesPerDirectory = 10;

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

void WriteWorktree(const fs::path& dir, int files, int revision) {
  for (int i = 0; i < files; ++i) {
    Write(dir / ("team" + std::to_string(i / kFilesPerDirectory)) / ("f" + std::to_string(i) + ".yaml"),
          "apiVersion: edgecert.dev/v1\nkind: Zone\nmetadata:\n  name: z" + std::to_string(i) + "-r" +
              std::to_string(revision) + "\nspec:\n  name: z" + std::to_string(i) + ".example\n");
  }
}

// Callback times, and a wait for the next one with a generous deadline.
class Callbacks {
 public:
  void Record() {
    {
      std::lock_guard lock(mu_);
      times_.push_back(Steady::now());
    }
    cv_.notify_all();
  }
  // The time of callback number `n` (from 1), or nothing if it did not come within 10 s.
  std::optional<Steady::time_point> Wait(std::size_t n) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(10), [&] { return times_.size() >= n; })) return std::nullopt;
    return times_[n - 1];
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Steady::time_point> times_;
};

void Report(const std::string& what, std::vector<double> ms, double debounce_ms) {
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))]; };
  std::printf("%-28s runs %3zu  median %7.1f ms  p99 %7.1f ms  max %7.1f ms  (median minus debounce %5.1f ms)\n",
              what.c_str(), ms.size(), at(0.5), at(0.99), ms.back(), at(0.5) - debounce_ms);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::atoi(argv[1]) : 50;
  int debounce_ms = argc > 2 ? std::atoi(argv[2]) : 200;
  int files = argc > 3 ? std::atoi(argv[3]) : 100;
  if (runs < 1 || debounce_ms < 0 || files < 1) {
    std::cerr << "usage: manifest_watch_bench [runs>=1] [debounce_ms>=0] [files>=1]\n";
    return 2;
  }
  std::string pattern = (fs::temp_directory_path() / "edgecert-watch-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return 1;
  const fs::path base = pattern;
  WriteWorktree(base / ".worktrees" / "rev0", files, 0);
  fs::create_directory_symlink(".worktrees/rev0", base / "current");

  Callbacks callbacks;
  std::size_t seen = 0;
  int exit_code = 0;
  {
    auto started = ManifestWatcher::Start(base / "current", std::chrono::milliseconds(debounce_ms),
                                          [&callbacks] { callbacks.Record(); });
    if (!started.ok()) {
      std::cerr << started.status().ToString() << "\n";
      return 1;
    }
    auto watcher = std::move(started).value();
    std::printf("tree: %d files in %d directories, %zu inotify watches, debounce %d ms\n", files,
                (files + kFilesPerDirectory - 1) / kFilesPerDirectory, watcher->stats().watches, debounce_ms);

    std::vector<double> edit_ms;
    for (int i = 0; i < runs && exit_code == 0; ++i) {
      int f = i % files;
      fs::path file = base / "current" / ("team" + std::to_string(f / kFilesPerDirectory)) /
                      ("f" + std::to_string(f) + ".yaml");
      Steady::time_point t0 = Steady::now();
      Write(file, "# edit " + std::to_string(i) + "\n");
      auto t1 = callbacks.Wait(++seen);
      if (!t1) exit_code = 1;
      else edit_ms.push_back(std::chrono::duration<double, std::milli>(*t1 - t0).count());
    }

    std::vector<double> swap_ms;
    for (int i = 1; i <= runs && exit_code == 0; ++i) {
      // Prepared beforehand, as git-sync checks out the new worktree before it swaps the link.
      std::string rev = "rev" + std::to_string(i);
      WriteWorktree(base / ".worktrees" / rev, files, i);
      fs::create_directory_symlink(".worktrees/" + rev, base / "current.tmp");
      Steady::time_point t0 = Steady::now();
      fs::rename(base / "current.tmp", base / "current");
      auto t1 = callbacks.Wait(++seen);
      if (!t1) exit_code = 1;
      else swap_ms.push_back(std::chrono::duration<double, std::milli>(*t1 - t0).count());
      fs::remove_all(base / ".worktrees" / ("rev" + std::to_string(i - 1)));
    }
    if (exit_code != 0) {
      std::cerr << "a change was not reported within 10 s\n";
    } else {
      Report("edit one manifest file", edit_ms, debounce_ms);
      Report("git-sync symlink swap", swap_ms, debounce_ms);
      auto stats = watcher->stats();
      std::printf("callbacks %llu, re-plans %llu, overflows %llu\n", static_cast<unsigned long long>(stats.bursts),
                  static_cast<unsigned long long>(stats.rearms), static_cast<unsigned long long>(stats.overflows));
    }
  }
  std::error_code ec;
  fs::remove_all(base, ec);
  return exit_code;
}
