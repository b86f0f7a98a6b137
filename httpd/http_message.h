// HttpRequest and HttpResponse: what the embedded server hands to a handler and takes back. Plain
// values; the server owns every socket detail (framing, keep-alive, limits).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace edgecert::httpd {

struct HttpRequest {
  std::string method;                                      // "GET", "POST", ...
  std::string path;                                        // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in the order sent
  std::map<std::string, std::string> headers;              // names lower-cased
  std::string body;                                        // at most the server's body limit
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Fault injection: send the status line and headers (with the body's Content-Length), then close
  // the connection before any body byte.
  bool drop_after_headers = false;
};

}  // namespace edgecert::httpd
