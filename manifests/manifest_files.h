// Finds the manifest files below a directory: every *.yaml and *.yml, recursively, following symlinks,
// in sorted path order. Hidden entries (".git", ".x.yaml") are skipped. A directory reached twice is read
// once; a symlink that points back to a directory above it (a loop) or nowhere is reported.
// Thread-safety: a pure function of the filesystem.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "manifests/diagnostic.h"

namespace edgecert::manifests {

struct ManifestFile {
  std::filesystem::path path;  // root joined with the path below it, as shown in diagnostics
};

struct ManifestFileList {
  std::vector<ManifestFile> files;
  std::vector<Diagnostic> errors;
};

ManifestFileList FindManifestFiles(const std::filesystem::path& root);

}  // namespace edgecert::manifests
