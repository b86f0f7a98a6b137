#include "manifests/manifest_files.h"

#include <algorithm>
#include <set>
#include <system_error>

namespace edgecert::manifests {
namespace fs = std::filesystem;
namespace {

bool IsManifestName(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml";
}

class Walker {
 public:
  explicit Walker(ManifestFileList& out) : out_(out) {}

  void Directory(const fs::path& dir, const fs::path& canonical) {
    visited_dirs_.insert(canonical.string());
    ancestors_.push_back(canonical);
    std::error_code ec;
    std::vector<fs::path> children;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      children.push_back(it->path());
    }
    if (ec) Error(dir, "cannot read directory: " + ec.message(), ec.value());
    std::sort(children.begin(), children.end());
    for (const fs::path& child : children) Entry(child);
    ancestors_.pop_back();
  }

 private:
  void Entry(const fs::path& p) {
    if (p.filename().string().starts_with(".")) return;
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);  // follows symlinks
    if (ec || !fs::exists(st)) {
      std::error_code link_ec;
      if (fs::is_symlink(fs::symlink_status(p, link_ec))) {
        // A cycle of symlinks to each other also ends here (ELOOP).
        Error(p, "broken symlink: its target does not exist or is a symlink loop");
        return;
      }
      Error(p, "cannot stat: " + (ec ? ec.message() : std::string("no such file")), ec.value());
      return;
    }
    fs::path canonical = fs::canonical(p, ec);
    if (ec) {
      Error(p, "cannot resolve path: " + ec.message(), ec.value());
      return;
    }
    if (fs::is_directory(st)) {
      if (std::find(ancestors_.begin(), ancestors_.end(), canonical) != ancestors_.end()) {
        Error(p, "symlink loop: points back to its ancestor directory " + canonical.filename().string());
        return;
      }
      if (visited_dirs_.count(canonical.string()) != 0) return;
      Directory(p, canonical);
      return;
    }
    if (fs::is_regular_file(st) && IsManifestName(p)) {
      if (!visited_files_.insert(canonical.string()).second) return;
      out_.files.push_back(ManifestFile{p});
    }
  }

  void Error(const fs::path& p, std::string message, int system_error = 0) {
    out_.errors.push_back(Diagnostic{{p.string(), 0, 0}, "", "", std::move(message), system_error});
  }

  ManifestFileList& out_;
  std::vector<fs::path> ancestors_;
  std::set<std::string> visited_dirs_;
  std::set<std::string> visited_files_;
};

}  // namespace

ManifestFileList FindManifestFiles(const fs::path& root) {
  ManifestFileList out;
  std::error_code ec;
  fs::file_status st = fs::status(root, ec);
  if (ec || !fs::is_directory(st)) {
    out.errors.push_back(Diagnostic{{root.string(), 0, 0}, "", "", "not a readable directory"});
    return out;
  }
  fs::path canonical = fs::canonical(root, ec);
  if (ec) {
    out.errors.push_back(Diagnostic{{root.string(), 0, 0}, "", "", "cannot resolve path: " + ec.message()});
    return out;
  }
  Walker(out).Directory(root, canonical);
  return out;
}

}  // namespace edgecert::manifests
