// Router: the table of Cloudflare routes the emulator serves and the matching of a method and path to
// one of them, with 404 for unknown paths and 405 for a known path with another method.
// Thread-safety: the table is immutable after construction.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "api/emulator/handler_context.h"

namespace edgecert::emulator {

enum class RouteScope { kNone, kZone, kAccount };

struct Route {
  std::string method;
  std::string pattern;  // segments; ":name" captures a path parameter
  RouteScope scope;
  Handler handler;
};

struct RouteMatch {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
};

// Every route of the contract plus custom_csrs, settings/ssl_automatic_mode and dns_records.
const std::vector<Route>& CloudflareRoutes();

// `path` is below /client/v4. Returns the match, or the 404/405 error response.
std::variant<RouteMatch, ApiResponse> MatchRoute(const std::vector<Route>& routes, const std::string& method,
                                                 const std::string& path);

std::vector<std::string> SplitPath(const std::string& path);

}  // namespace edgecert::emulator
