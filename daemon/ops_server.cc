#include "daemon/ops_server.h"

#include <charconv>

namespace edgecert::daemon {
namespace {

using httpd::HttpRequest;
using httpd::HttpResponse;

constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kTextContentType = "text/plain; charset=utf-8";

HttpResponse Reply(int status, std::string body, const char* content_type) {
  HttpResponse reply;
  reply.status = status;
  reply.body = std::move(body);
  reply.content_type = content_type;
  reply.headers.emplace_back("Cache-Control", "no-store");
  if (status == 405) reply.headers.emplace_back("Allow", "GET");
  return reply;
}

HttpResponse ReplyProbe(const std::function<Status()>& probe) {
  const Status status = probe ? probe() : Status::Ok();
  if (status.ok()) return Reply(200, "ok\n", kTextContentType);
  return Reply(503, status.message() + "\n", kTextContentType);
}

}  // namespace

Result<std::pair<std::string, int>> ParseListenAddress(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return InvalidArgument("listen address must be HOST:PORT, e.g. 127.0.0.1:9464: \"" + listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = listen.substr(colon + 1);
  int port = -1;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return InvalidArgument("listen port must be a number from 0 to 65535: \"" + listen + "\"");
  }
  return std::make_pair(std::move(host), port);
}

httpd::HttpServerLimits OpsLimits() {
  httpd::HttpServerLimits limits;
  limits.max_header_bytes = 8 * 1024;
  limits.max_body_bytes = 4 * 1024;
  limits.header_timeout = std::chrono::seconds(10);
  limits.idle_timeout = std::chrono::seconds(30);
  limits.max_connections = 64;
  limits.threads = 2;
  return limits;
}

Result<std::unique_ptr<OpsServer>> OpsServer::Start(const std::string& listen, OpsHandlers handlers,
                                                    httpd::HttpServerLimits limits) {
  auto address = ParseListenAddress(listen);
  if (!address.ok()) return address.status();
  const auto& [host, port] = *address;
  std::unique_ptr<OpsServer> ops(new OpsServer(std::move(handlers)));
  const OpsServer* self = ops.get();
  auto server =
      httpd::HttpServer::Start(host, port, limits, [self](const HttpRequest& request) { return self->Serve(request); });
  if (!server.ok()) return server.status();
  ops->server_ = std::move(*server);
  const bool v6 = host.find(':') != std::string::npos;
  ops->url_ = "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(ops->server_->port());
  return ops;
}

HttpResponse OpsServer::Serve(const HttpRequest& request) const {
  const std::string& path = request.path;
  const bool known = path == "/metrics" || path == "/healthz" || path == "/readyz" || path == "/status";
  if (!known) {
    return Reply(404, "not found; the endpoints are /metrics, /healthz, /readyz and /status\n", kTextContentType);
  }
  if (request.method != "GET" && request.method != "HEAD") {
    return Reply(405, "only GET is allowed\n", kTextContentType);
  }
  if (path == "/metrics")
    return Reply(200, handlers_.metrics_text ? handlers_.metrics_text() : "", kMetricsContentType);
  if (path == "/healthz") return ReplyProbe(handlers_.healthy);
  if (path == "/readyz") return ReplyProbe(handlers_.ready);
  return Reply(200, handlers_.status_json ? handlers_.status_json() : "{}", "application/json");
}

}  // namespace edgecert::daemon
