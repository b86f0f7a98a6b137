// Runs an external tool (systemd-analyze, promtool, kubectl, cpack, dpkg-deb) to completion and hands
// back its exit code and combined output; finds tools on PATH and files of the source tree.
// Thread-safety: plain functions.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace edgecert::testing {

struct ToolResult {
  int exit_code = -1;  // 127 when the program could not be started
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] (looked up on PATH) with the arguments, no shell involved; `cwd` empty: the test's.
ToolResult RunTool(const std::vector<std::string>& argv, const std::filesystem::path& cwd = {});

// True when `program` is an executable on PATH.
bool OnPath(const std::string& program);

// The repository root (EDGECERT_SOURCE_DIR, else the one this test was built from).
std::filesystem::path SourceDir();

std::string ReadFile(const std::filesystem::path& path);

}  // namespace edgecert::testing
