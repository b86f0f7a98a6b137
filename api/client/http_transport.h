// HttpTransport: sends one HTTP request and returns the response or a transport failure that says
// whether the request may have reached the server. No retries, no JSON, no credentials logic here.
// Thread-safety: implementations must allow concurrent Send() calls.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace edgecert::api {

struct HttpRequest {
  std::string method;          // "GET", "POST", ...
  std::string path_and_query;  // relative to the transport's base URL, e.g. "/zones?name=a.com"
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // empty: no body is sent
};

struct HttpResponse {
  int status_code = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  // The header value, or "" when absent. `name` must be lower-case.
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct TransportFailure {
  enum class Kind {
    kConnectFailed,  // no connection was made: the request certainly did not go out
    kTimedOut,       // the deadline passed; the request may have been processed
    kConnectionLost, // reset or closed after the request was (possibly) written
    kBodyTooLarge,   // the response was larger than the transport accepts
    kOther,          // anything else the HTTP stack reported
  };
  Kind kind = Kind::kOther;
  // False only when it is certain the server never saw the request (safe to resend any method).
  bool request_may_have_been_sent = true;
  // Human-readable; never contains request headers or body.
  std::string message;
};

std::string_view TransportFailureKindName(TransportFailure::Kind kind);

using TransportResult = std::variant<HttpResponse, TransportFailure>;

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual TransportResult Send(const HttpRequest& request) = 0;
};

}  // namespace edgecert::api
