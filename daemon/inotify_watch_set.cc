#include "daemon/inotify_watch_set.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace edgecert::daemon {
namespace {

// One mask for every watch: the kernel keeps one watch per inode, and a second add replaces its mask.
// IN_MODIFY as well as IN_CLOSE_WRITE, so a writer that keeps its file open is seen too; IN_ATTRIB for
// permission changes and for the link count of a linked file replaced behind its symlink.
constexpr std::uint32_t kMask = IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
                                IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_EXCL_UNLINK;
constexpr std::uint32_t kSelfGone = IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED | IN_UNMOUNT;

}  // namespace

Status InotifyWatchSet::Apply(const WatchPlan& plan) {
  std::map<int, Role> next;
  Status first_error;
  auto add = [&](const std::filesystem::path& path) -> Role* {
    int wd = ::inotify_add_watch(inotify_.get(), path.c_str(), kMask);
    if (wd < 0) {
      int err = errno;
      if (err != ENOENT && err != ENOTDIR && first_error.ok()) {
        first_error = Unavailable("cannot watch " + path.string() + ": " + std::strerror(err));
      }
      return nullptr;
    }
    Role& role = next[wd];
    if (role.path.empty()) role.path = path;
    return &role;
  };
  for (const auto& dir : plan.directories) {
    if (Role* role = add(dir)) role->tree_directory = true;
  }
  for (const auto& file : plan.linked_files) {
    if (Role* role = add(file)) role->linked_file = true;
  }
  for (const auto& anchor : plan.anchors) {
    if (Role* role = add(anchor.dir)) role->anchor_names.insert(anchor.name);
  }
  for (const auto& [wd, role] : roles_) {
    // EINVAL when the kernel dropped it already (its inode is gone); nothing left to release then.
    if (next.count(wd) == 0) ::inotify_rm_watch(inotify_.get(), wd);
  }
  roles_ = std::move(next);
  return first_error;
}

EventMeaning InotifyWatchSet::Classify(const inotify_event& event) const {
  if (event.mask & IN_Q_OVERFLOW) return {true, true};  // events were lost: assume everything changed
  auto it = roles_.find(event.wd);
  if (it == roles_.end()) return {};  // a watch already released (its IN_IGNORED, late events)
  const Role& role = it->second;
  std::string name = event.len > 0 ? std::string(event.name) : std::string();

  if (name.empty()) {  // about the watched inode itself
    if (event.mask & kSelfGone) return {true, true};
    // A linked file's link count or mode changed: it may have been replaced under its name.
    if (role.linked_file) return {true, (event.mask & IN_ATTRIB) != 0};
    if (role.tree_directory && (event.mask & IN_ATTRIB)) return {true, true};  // now (un)readable
    return {};
  }
  if (role.anchor_names.count(name) != 0) return {true, true};
  if (!role.tree_directory || name.starts_with(".")) return {};  // editor swap files, .git, ...
  if (event.mask & IN_ISDIR) return {true, true};
  if (event.mask & (IN_DELETE | IN_MOVED_FROM)) return {true, true};  // it may have been a link into the tree
  if (event.mask & (IN_CREATE | IN_MOVED_TO)) {
    // A new plain file is covered by its directory's watch; only a new link needs a new plan.
    struct stat st {};
    bool plain_file = ::lstat((role.path / name).c_str(), &st) == 0 && S_ISREG(st.st_mode);
    return {true, !plain_file};
  }
  return {true, false};
}

}  // namespace edgecert::daemon
