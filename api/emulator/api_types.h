// The emulator's transport-free request and response values: the HTTP adapter turns a cpprest request
// into an ApiRequest and an ApiResponse back into bytes, so every handler is testable without sockets.
// Thread-safety: plain values.
#pragma once

#include <cpprest/json.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace edgecert::emulator {

// Who made the request, after authentication.
struct Principal {
  std::string credential_id;  // stable, non-secret name of the token or key (rate limiting, history)
  bool can_edit = false;
  std::vector<std::string> account_ids;  // "*" means every account
  std::vector<std::string> zone_ids;     // "*" means every zone
};

struct ApiRequest {
  std::string method;                         // "GET", "POST", ...
  std::string path;                           // "/client/v4/zones/..." or "/__emulator/..."; handlers see it below /client/v4
  std::map<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string raw_body;                       // as received; the Emulator parses it
  std::optional<web::json::value> body;       // parsed JSON body, filled in by the Emulator
  std::map<std::string, std::string> params;  // path parameters filled in by the router
  Principal principal;
};

struct ApiResponse {
  int status = 200;
  web::json::value body;
  std::map<std::string, std::string> headers;
  // Commit-then-drop fault: the adapter closes the connection instead of delivering this response.
  bool drop_connection = false;
};

}  // namespace edgecert::emulator
