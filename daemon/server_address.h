// The address `edgecert status --server` asks: HOST:PORT, as `run --listen` takes it ("[::1]:9464" for
// IPv6), or, as before, an http:// URL of the same host and port. Pure; a malformed value is an
// InvalidArgument that says the accepted forms.
#pragma once

#include <string>

#include "common/status.h"

namespace edgecert::daemon {

// The base URL ("http://HOST:PORT") the value names; the port must be 1-65535 (0 is for --listen only).
Result<std::string> ServerUrl(const std::string& server);

}  // namespace edgecert::daemon
