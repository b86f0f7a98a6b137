// EmulatorServer: serves an Emulator over HTTP on the shared httpd::HttpServer (size caps, timeouts,
// connection cap, keep-alive and pipelining). A Content-Length that is not a byte count or is over
// 1 MiB is answered 400 at once, before any body byte. Commit-then-drop sends the status line and
// headers, then closes the connection before any body byte (see docs/emulator.md).
// Thread-safety: Start/Stop from one thread; requests are served on the server's threads.
#pragma once

#include <memory>
#include <string>

#include "api/emulator/emulator.h"
#include "common/status.h"
#include "httpd/http_server.h"

namespace edgecert::emulator {

// The emulator's limits: 32 KiB request heads, 1 MiB bodies, 10 s to send a head, 60 s idle,
// 512 connections, 4 threads.
httpd::HttpServerLimits EmulatorLimits();

class EmulatorServer {
 public:
  explicit EmulatorServer(Emulator& emulator);
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  // Listens on host:port; port 0 picks a free port (see port()).
  Status Start(const std::string& host, int port, httpd::HttpServerLimits limits = EmulatorLimits());
  void Stop();

  int port() const { return server_ ? server_->port() : 0; }
  // "http://HOST:PORT", without the /client/v4 prefix.
  std::string base_url() const;

 private:
  httpd::HttpResponse Serve(httpd::HttpRequest& request);

  Emulator& emulator_;
  std::string host_;
  std::unique_ptr<httpd::HttpServer> server_;
};

}  // namespace edgecert::emulator
