#include "daemon/watch_plan.h"

#include <sys/stat.h>

#include <algorithm>
#include <deque>
#include <set>
#include <system_error>
#include <tuple>

namespace edgecert::daemon {
namespace fs = std::filesystem;
namespace {

constexpr int kMaxLinkHops = 40;  // the kernel's own limit (ELOOP)

void PushFront(std::deque<std::string>& todo, const fs::path& p) {
  std::vector<std::string> parts;
  for (const fs::path& part : p.relative_path()) parts.push_back(part.string());
  todo.insert(todo.begin(), parts.begin(), parts.end());
}

class TreePlanner {
 public:
  explicit TreePlanner(WatchPlan& plan) : plan_(plan) {}

  void Directory(const fs::path& canonical) {
    if (!visited_.insert(canonical).second) return;
    plan_.directories.push_back(canonical);
    ancestors_.push_back(canonical);
    std::error_code ec;
    std::vector<fs::path> children;
    for (fs::directory_iterator it(canonical, ec), end; !ec && it != end; it.increment(ec)) {
      children.push_back(it->path());
    }
    std::sort(children.begin(), children.end());
    for (const fs::path& child : children) Entry(child);
    ancestors_.pop_back();
  }

 private:
  void Entry(const fs::path& p) {
    if (p.filename().string().starts_with(".")) return;  // the loader skips hidden entries
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
      Directory(p);
      return;
    }
    if (!S_ISLNK(st.st_mode)) return;  // a plain file: its directory's watch covers it
    std::optional<fs::path> target = ResolveNotingLinks(p, plan_.anchors);
    if (!target || ::stat(target->c_str(), &st) != 0) return;
    if (S_ISDIR(st.st_mode)) {
      // A link back to an ancestor is a loop the loader reports; its directories are watched already.
      if (std::find(ancestors_.begin(), ancestors_.end(), *target) == ancestors_.end()) Directory(*target);
    } else if (S_ISREG(st.st_mode)) {
      plan_.linked_files.push_back(*target);
    }
  }

  WatchPlan& plan_;
  std::vector<fs::path> ancestors_;
  std::set<fs::path> visited_;
};

}  // namespace

std::optional<fs::path> ResolveNotingLinks(const fs::path& path, std::vector<WatchAnchor>& anchors) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) return std::nullopt;
  std::deque<std::string> todo;
  PushFront(todo, absolute);
  fs::path current = absolute.root_path();
  int hops = 0;
  while (!todo.empty()) {
    std::string part = std::move(todo.front());
    todo.pop_front();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      current = current.parent_path();
      continue;
    }
    fs::path next = current / part;
    struct stat st {};
    if (::lstat(next.c_str(), &st) != 0) {
      anchors.push_back({current, part});
      return std::nullopt;
    }
    if (!S_ISLNK(st.st_mode)) {
      current = next;
      continue;
    }
    anchors.push_back({current, part});
    if (++hops > kMaxLinkHops) return std::nullopt;
    fs::path target = fs::read_symlink(next, ec);
    if (ec) return std::nullopt;
    if (target.is_absolute()) current = target.root_path();
    PushFront(todo, target);
  }
  return current;
}

WatchPlan PlanWatches(const fs::path& root) {
  WatchPlan plan;
  std::optional<fs::path> resolved = ResolveNotingLinks(root, plan.anchors);
  if (resolved) {
    // Its own name too: removing the root and creating it again must be seen from its parent.
    if (resolved->has_parent_path() && resolved->has_filename()) {
      plan.anchors.push_back({resolved->parent_path(), resolved->filename().string()});
    }
    struct stat st {};
    if (::stat(resolved->c_str(), &st) == 0 && S_ISDIR(st.st_mode)) TreePlanner(plan).Directory(*resolved);
  }
  auto by_place = [](const WatchAnchor& a, const WatchAnchor& b) {
    return std::tie(a.dir, a.name) < std::tie(b.dir, b.name);
  };
  std::sort(plan.anchors.begin(), plan.anchors.end(), by_place);
  plan.anchors.erase(std::unique(plan.anchors.begin(), plan.anchors.end()), plan.anchors.end());
  std::sort(plan.linked_files.begin(), plan.linked_files.end());
  plan.linked_files.erase(std::unique(plan.linked_files.begin(), plan.linked_files.end()), plan.linked_files.end());
  return plan;
}

}  // namespace edgecert::daemon
