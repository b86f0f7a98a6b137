// A small HTTP client for the ops tests: one request, its status, content type and body.
#pragma once

#include <cpprest/http_client.h>

#include <string>

namespace edgecert::daemon::testing {

struct HttpResult {
  int status = 0;
  std::string content_type;
  std::string body;
  std::string allow;
};

inline HttpResult HttpRequest(const std::string& base_url, const std::string& path,
                              const web::http::method& method = web::http::methods::GET) {
  web::http::client::http_client client(base_url);
  web::http::http_response response = client.request(method, path).get();
  HttpResult r;
  r.status = response.status_code();
  r.content_type = response.headers().content_type();
  r.body = response.extract_utf8string(true).get();
  if (response.headers().has("Allow")) r.allow = response.headers()["Allow"];
  return r;
}

}  // namespace edgecert::daemon::testing
