#include "daemon/server_address.h"

#include <string_view>

#include "daemon/ops_server.h"

namespace edgecert::daemon {
namespace {

constexpr std::string_view kHttp = "http://";

Status Malformed(const std::string& server, const std::string& why) {
  return InvalidArgument("takes HOST:PORT like --listen (e.g. 127.0.0.1:9464 or [::1]:9464), got \"" + server +
                         "\": " + why);
}

}  // namespace

Result<std::string> ServerUrl(const std::string& server) {
  std::string address = server;
  if (address.rfind(kHttp, 0) == 0) {
    address.erase(0, kHttp.size());
    if (!address.empty() && address.back() == '/') address.pop_back();
    if (address.find('/') != std::string::npos) return Malformed(server, "a URL with a path");
  } else if (address.find("://") != std::string::npos) {
    return Malformed(server, "only http:// URLs are served");
  }
  if (address.find_first_of(" \t/?#@") != std::string::npos) return Malformed(server, "not a host and port");
  auto parsed = ParseListenAddress(address);
  if (!parsed.ok()) {
    const bool has_port = address.find(':') != std::string::npos;
    return Malformed(server, has_port ? "the port must be a number from 1 to 65535" : "no port");
  }
  const auto& [host, port] = *parsed;
  if (host.empty()) return Malformed(server, "no host");
  if (port == 0) return Malformed(server, "port 0 names no listener");
  const bool v6 = host.find(':') != std::string::npos;
  return std::string(kHttp) + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace edgecert::daemon
