// HttpServer: the HTTP/1.1 listener of the operator endpoints and of the emulator, on libmicrohttpd.
// It bounds what a client can cost: request head and body sizes, a header-read deadline, an idle
// timeout and a connection cap (the longest-waiting connection is closed to make room, so a new
// request always gets in); keep-alive and pipelined requests are answered in order. Thread-safety: the
// handler runs on the server's threads, several at once; Start and the destructor on the owner's.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "common/status.h"
#include "httpd/connection_table.h"
#include "httpd/http_message.h"

struct MHD_Daemon;

namespace edgecert::httpd {

struct HttpServerLimits {
  std::size_t max_header_bytes = 16 * 1024;  // request line and headers; more is answered 431 and closed
  std::size_t max_body_bytes = 64 * 1024;    // a larger Content-Length is refused before any body byte
  std::chrono::seconds header_timeout{10};   // a request head must be complete this soon after connecting
                                             // or after the previous response
  std::chrono::seconds idle_timeout{30};     // no byte either way for this long closes the connection
  unsigned max_connections = 128;            // beyond it the longest-waiting connections are closed
  unsigned threads = 2;                      // server threads running handlers
};

using HttpHandler = std::function<HttpResponse(HttpRequest&)>;
// Answers a request refused before its body is read (the Content-Length is over the limit); gets
// the request with an empty body and why it was refused. The default answers 413 in plain text.
using RefusalHandler = std::function<HttpResponse(const HttpRequest&, const std::string& why)>;

class HttpServer {
 public:
  // Listens on host ("127.0.0.1", "localhost", "::1", "0.0.0.0") and port (0 picks a free one).
  static Result<std::unique_ptr<HttpServer>> Start(const std::string& host, int port, HttpServerLimits limits,
                                                   HttpHandler handler, RefusalHandler refuse = nullptr);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const { return port_; }
  const HttpServerLimits& limits() const { return limits_; }
  // Connections open now, and closed so far by the cap or the header deadline.
  std::size_t open_connections() const { return table_.open(); }
  std::uint64_t evicted_connections() const { return table_.evicted(); }

 private:
  struct Glue;  // the libmicrohttpd callbacks (http_server.cc)
  HttpServer(HttpServerLimits limits, HttpHandler handler, RefusalHandler refuse);

  const HttpServerLimits limits_;
  const HttpHandler handler_;
  const RefusalHandler refuse_;
  ConnectionTable table_;
  int port_ = 0;
  MHD_Daemon* daemon_ = nullptr;  // owned: MHD_stop_daemon in the destructor
};

}  // namespace edgecert::httpd
