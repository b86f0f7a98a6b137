// ManifestLoader: reads every manifest below a directory and returns either an immutable DesiredState or
// every error found (each with file:line:col, kind, name and cause), never just the first. Hostile input
// (binary, invalid UTF-8, huge or deeply nested files, alias bombs, symlink loops) becomes an error.
// Thread-safety: Load() is const and may run concurrently; the clock and env lookup must allow that.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "manifests/desired_state.h"
#include "manifests/diagnostic.h"
#include "manifests/rules.h"
#include "manifests/yaml_tree.h"

namespace edgecert::manifests {

struct LoaderOptions {
  std::size_t max_file_bytes = 4 << 20;             // a manifest file
  std::size_t max_referenced_file_bytes = 1 << 20;  // a certificate, CSR or key file it names
  YamlLimits yaml;
  // Environment lookup for {env: VAR} private keys; empty means the process environment.
  EnvironmentLookup env;
};

struct ManifestLoad {
  std::shared_ptr<const DesiredState> state;  // null when there are errors
  std::vector<Diagnostic> errors;             // sorted by file, line, column
  std::vector<std::string> files;             // the manifest files read, in order

  bool ok() const { return state != nullptr; }
};

class ManifestLoader {
 public:
  explicit ManifestLoader(const Clock& clock, LoaderOptions options = {});

  ManifestLoad Load(const std::filesystem::path& root) const;

 private:
  const Clock& clock_;
  LoaderOptions options_;
};

}  // namespace edgecert::manifests
