// PickFreePort: asks the kernel for a free TCP port on an IPv4 host (or "localhost"). cpprest's listener
// cannot report the port it bound, so servers that accept port 0 choose one first and retry if another
// process takes it in between.
#pragma once

#include <string>

#include "common/status.h"

namespace edgecert {

Result<int> PickFreePort(const std::string& host);

}  // namespace edgecert
