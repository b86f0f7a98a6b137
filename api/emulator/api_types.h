// The emulator's transport-free request and response values: the HTTP adapter turns a cpprest request
// into an ApiRequest and an ApiResponse back into bytes, so every handler is testable without sockets.
// Thread-safety: plain values.
#pragma once

#include <cpprest/json.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

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
  // Set by a GET handler whose answer depends only on the state, the request's path and query, and the
  // emulator clock up to this time (the next lifecycle step of anything it shows): until then, and
  // while the state does not change, the same request may be given the same bytes (response_cache.h).
  std::optional<Clock::TimePoint> reusable_until;
  // The body already serialized; when set, `body` is left null and these bytes are the answer.
  std::shared_ptr<const std::string> rendered_body;
};

}  // namespace edgecert::emulator
