#include "daemon/build_info.h"

namespace edgecert::daemon {

std::string VersionLine(const BuildInfo& build) {
  return "edgecert " + build.version + " (commit " + build.commit + ", built " + build.build_date + ")";
}

}  // namespace edgecert::daemon
