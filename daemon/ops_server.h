// OpsServer: the operator HTTP listener of `edgecert run`: GET (or HEAD) /metrics, /healthz, /readyz
// and /status; 404 for other paths, 405 for other methods. It runs on httpd::HttpServer, so a client
// cannot grow the daemon's memory or take its descriptors (see OpsLimits). Thread-safety: the
// handlers are called from the server's threads, several at once; Start and the destructor run on the
// owner's thread.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "httpd/http_server.h"

namespace edgecert::daemon {

struct OpsHandlers {
  std::function<Status()> healthy;            // /healthz: 200 "ok", else 503 with the message
  std::function<Status()> ready;              // /readyz: 200 "ok", else 503 with the message
  std::function<std::string()> status_json;   // /status body (application/json)
  std::function<std::string()> metrics_text;  // /metrics body (Prometheus text format 0.0.4)
};

// Splits "host:port" ("127.0.0.1:9464", "localhost:0", "[::1]:9464"); port 0 asks for a free port.
Result<std::pair<std::string, int>> ParseListenAddress(const std::string& listen);

// The operator listener's limits: 8 KiB request heads, 4 KiB bodies (the endpoints take none), 10 s to
// send a request head, 30 s idle, 64 connections, 2 threads.
httpd::HttpServerLimits OpsLimits();

class OpsServer {
 public:
  // Listens on `listen` ("host:port"; port 0 picks a free one) until destroyed.
  static Result<std::unique_ptr<OpsServer>> Start(const std::string& listen, OpsHandlers handlers,
                                                  httpd::HttpServerLimits limits = OpsLimits());
  OpsServer(const OpsServer&) = delete;
  OpsServer& operator=(const OpsServer&) = delete;

  // "http://HOST:PORT": where the listener answers.
  const std::string& url() const { return url_; }
  int port() const { return server_->port(); }
  const httpd::HttpServer& server() const { return *server_; }

 private:
  explicit OpsServer(OpsHandlers handlers) : handlers_(std::move(handlers)) {}
  httpd::HttpResponse Serve(const httpd::HttpRequest& request) const;

  OpsHandlers handlers_;
  std::string url_;
  std::unique_ptr<httpd::HttpServer> server_;  // last: stops (and joins its threads) first
};

}  // namespace edgecert::daemon
