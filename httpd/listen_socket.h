// OpenListenSocket: a bound, listening TCP socket on host:port (port 0 lets the kernel choose), so
// the server reports the real bind error ("Address already in use") and the chosen port.
// Thread-safety: a free function.
#pragma once

#include <string>

#include "common/status.h"

namespace edgecert::httpd {

struct ListenSocket {
  int fd = -1;  // the caller owns it
  int port = 0;
};

Result<ListenSocket> OpenListenSocket(const std::string& host, int port);

}  // namespace edgecert::httpd
