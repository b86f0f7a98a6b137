#include "daemon/ops_server.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <charconv>

#include "common/free_port.h"

namespace edgecert::daemon {
namespace {

using web::http::http_request;
using web::http::http_response;
using web::http::status_code;

constexpr const char* kMetricsContentType = "text/plain; version=0.0.4; charset=utf-8";
constexpr const char* kTextContentType = "text/plain; charset=utf-8";


void Reply(http_request& request, status_code code, std::string body, const char* content_type) {
  http_response reply(code);
  reply.set_body(std::move(body), content_type);
  reply.headers().add("Cache-Control", "no-store");
  if (code == web::http::status_codes::MethodNotAllowed) reply.headers().add("Allow", "GET");
  // Observe the reply task so a client that went away never leaves an unobserved exception behind.
  request.reply(reply).then([](pplx::task<void> done) {
    try {
      done.get();
    } catch (const std::exception&) {
    }
  });
}

void ReplyProbe(http_request& request, const std::function<Status()>& probe) {
  const Status status = probe ? probe() : Status::Ok();
  if (status.ok()) {
    Reply(request, web::http::status_codes::OK, "ok\n", kTextContentType);
  } else {
    Reply(request, web::http::status_codes::ServiceUnavailable, status.message() + "\n", kTextContentType);
  }
}

}  // namespace

Result<std::pair<std::string, int>> ParseListenAddress(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return InvalidArgument("listen address must be HOST:PORT, e.g. 127.0.0.1:9464: \"" + listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  const std::string port_text = listen.substr(colon + 1);
  int port = -1;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return InvalidArgument("listen port must be a number from 0 to 65535: \"" + listen + "\"");
  }
  return std::make_pair(std::move(host), port);
}

Result<std::unique_ptr<OpsServer>> OpsServer::Start(const std::string& listen, OpsHandlers handlers) {
  auto address = ParseListenAddress(listen);
  if (!address.ok()) return address.status();
  const auto& [host, port] = *address;
  std::unique_ptr<OpsServer> server(new OpsServer(std::move(handlers)));
  Status last = Unavailable("no attempt made");
  for (int attempt = 0; attempt < 5; ++attempt) {
    int chosen = port;
    if (port == 0) {
      auto picked = PickFreePort(host);
      if (!picked.ok()) return picked.status();
      chosen = *picked;
    }
    const std::string url = "http://" + host + ":" + std::to_string(chosen);
    try {
      auto listener = std::make_unique<web::http::experimental::listener::http_listener>(web::uri(url + "/"));
      const OpsServer* self = server.get();
      listener->support([self](http_request request) { self->Serve(std::move(request)); });
      listener->open().wait();
      server->listener_ = std::move(listener);
      server->url_ = url;
      server->port_ = chosen;
      return server;
    } catch (const std::exception& e) {
      last = Unavailable("cannot listen on " + host + ":" + std::to_string(chosen) + ": " + e.what());
    }
    if (port != 0) break;
  }
  return last;
}

OpsServer::~OpsServer() {
  if (!listener_) return;
  try {
    listener_->close().wait();
  } catch (const std::exception& e) {
    spdlog::warn("ops: closing the listener failed: {}", e.what());
  }
}

void OpsServer::Serve(http_request request) const {
  try {
    const std::string path = request.relative_uri().path();
    const bool known = path == "/metrics" || path == "/healthz" || path == "/readyz" || path == "/status";
    if (!known) {
      Reply(request, web::http::status_codes::NotFound,
            "not found; the endpoints are /metrics, /healthz, /readyz and /status\n", kTextContentType);
    } else if (request.method() != web::http::methods::GET) {
      Reply(request, web::http::status_codes::MethodNotAllowed, "only GET is allowed\n", kTextContentType);
    } else if (path == "/metrics") {
      Reply(request, web::http::status_codes::OK, handlers_.metrics_text ? handlers_.metrics_text() : "",
            kMetricsContentType);
    } else if (path == "/healthz") {
      ReplyProbe(request, handlers_.healthy);
    } else if (path == "/readyz") {
      ReplyProbe(request, handlers_.ready);
    } else {
      Reply(request, web::http::status_codes::OK, handlers_.status_json ? handlers_.status_json() : "{}",
            "application/json");
    }
  } catch (const std::exception& e) {
    spdlog::error("ops: answering {} failed: {}", request.relative_uri().path(), e.what());
    try {
      Reply(request, web::http::status_codes::InternalError, "internal error\n", kTextContentType);
    } catch (const std::exception&) {
    }
  }
}

}  // namespace edgecert::daemon
