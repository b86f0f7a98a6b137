// Test helpers: a temporary manifest directory removed at the end of the test, and a loader on a fake
// clock (2026-01-01) with an injected environment.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/clock.h"
#include "manifests/manifest_loader.h"

namespace edgecert::manifests::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "edgecert-manifests-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Writes `content` to `relative` (creating directories) and returns the full path.
  std::filesystem::path Write(const std::string& relative, const std::string& content) const {
    std::filesystem::path p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// A loader test base: write manifests into dir(), then Load().
class ManifestTest : public ::testing::Test {
 protected:
  ManifestLoad Load() {
    LoaderOptions options;
    options.env = [this](const std::string& name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    options.yaml = limits_;
    options.max_file_bytes = max_file_bytes_;
    return ManifestLoader(clock_, options).Load(dir_.path());
  }

  // Every error as "relative/file:line:col: Kind/name: message".
  std::vector<std::string> Errors(const ManifestLoad& load) const {
    std::vector<std::string> out;
    std::string prefix = dir_.path().string() + "/";
    for (const Diagnostic& d : load.errors) {
      std::string line = d.Format();
      if (line.starts_with(prefix)) line = line.substr(prefix.size());
      out.push_back(line);
    }
    return out;
  }

  std::vector<std::string> LoadErrors() { return Errors(Load()); }

  TempDir dir_;
  FakeClock clock_;
  std::map<std::string, std::string> env_;
  YamlLimits limits_;
  std::size_t max_file_bytes_ = 4 << 20;
};

// The example-style base every rule test starts from: an account and a zone example.com.
inline constexpr const char* kBase = R"(apiVersion: edgecert.dev/v1
kind: Account
metadata: {name: main}
spec: {id: 023e105f4ecef8ad9ca31a8372d0c353}
---
apiVersion: edgecert.dev/v1
kind: Zone
metadata: {name: example-com}
spec: {name: example.com, account: main}
)";

}  // namespace edgecert::manifests::testing
