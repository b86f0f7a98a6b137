// OpsServer: the operator HTTP listener of `edgecert run` (cpprestsdk http_listener): GET /metrics,
// /healthz, /readyz and /status; 404 for other paths, 405 for other methods. Every cpprest exception
// is caught here. Thread-safety: the handlers are called from cpprest's thread pool, several at once;
// Start and the destructor run on the owner's thread.
#pragma once

#include <cpprest/http_listener.h>

#include <functional>
#include <memory>
#include <string>

#include "common/status.h"

namespace edgecert::daemon {

struct OpsHandlers {
  std::function<Status()> healthy;            // /healthz: 200 "ok", else 503 with the message
  std::function<Status()> ready;              // /readyz: 200 "ok", else 503 with the message
  std::function<std::string()> status_json;   // /status body (application/json)
  std::function<std::string()> metrics_text;  // /metrics body (Prometheus text format 0.0.4)
};

// Splits "host:port" ("127.0.0.1:9464", "localhost:0"); port 0 asks for a free port.
Result<std::pair<std::string, int>> ParseListenAddress(const std::string& listen);

class OpsServer {
 public:
  // Listens on `listen` ("host:port"; port 0 picks a free one) until destroyed.
  static Result<std::unique_ptr<OpsServer>> Start(const std::string& listen, OpsHandlers handlers);
  ~OpsServer();
  OpsServer(const OpsServer&) = delete;
  OpsServer& operator=(const OpsServer&) = delete;

  // "http://HOST:PORT": where the listener answers.
  const std::string& url() const { return url_; }
  int port() const { return port_; }

 private:
  explicit OpsServer(OpsHandlers handlers) : handlers_(std::move(handlers)) {}
  void Serve(web::http::http_request request) const;

  OpsHandlers handlers_;
  std::string url_;
  int port_ = 0;
  std::unique_ptr<web::http::experimental::listener::http_listener> listener_;
};

}  // namespace edgecert::daemon
