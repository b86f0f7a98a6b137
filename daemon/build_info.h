// BuildInfo: which edgecert build runs: its version, the git commit it was built from ("unknown" outside
// a git checkout, "-dirty" appended when tracked files had changes) and the build date (UTC; the
// SOURCE_DATE_EPOCH of a reproducible build when set). CurrentBuild() lives in one small file CMake
// generates at build time (daemon/build_info.cmake), so a new commit recompiles that file only.
#pragma once

#include <string>

namespace edgecert::daemon {

struct BuildInfo {
  std::string version;
  std::string commit = "unknown";
  std::string build_date = "unknown";  // "2026-01-31T12:00:00Z"
};

// This program's build.
const BuildInfo& CurrentBuild();

// "edgecert 0.1.0 (commit 0123456789ab, built 2026-01-31T12:00:00Z)": what --version prints.
std::string VersionLine(const BuildInfo& build);

}  // namespace edgecert::daemon
