// InotifyWatchSet: the inotify watches for one WatchPlan, kept in step with a new plan by adding and
// removing only the difference, and the meaning of each event read from them (a change the loader could
// see, and whether the tree must be re-planned). Thread-safety: single-threaded (the watcher's thread).
#pragma once

#include <sys/inotify.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "common/status.h"
#include "daemon/scoped_fd.h"
#include "daemon/watch_plan.h"

namespace edgecert::daemon {

struct EventMeaning {
  bool changed = false;  // something the manifest loader reads may differ now
  bool replan = false;   // directories or links changed: compute and apply a new plan
};

class InotifyWatchSet {
 public:
  explicit InotifyWatchSet(ScopedFd inotify) : inotify_(std::move(inotify)) {}

  int fd() const { return inotify_.get(); }
  std::size_t size() const { return roles_.size(); }

  // Watches what `plan` names and drops the watches it no longer names. Paths that vanished meanwhile
  // are skipped (the event that removed them triggers another plan); any other failure is returned
  // (path and errno text) after doing the rest.
  Status Apply(const WatchPlan& plan);

  EventMeaning Classify(const inotify_event& event) const;

 private:
  struct Role {
    std::filesystem::path path;
    bool tree_directory = false;
    bool linked_file = false;
    std::set<std::string> anchor_names;
  };

  ScopedFd inotify_;
  std::map<int, Role> roles_;  // by watch descriptor; one inode has one descriptor, so roles merge
};

}  // namespace edgecert::daemon
