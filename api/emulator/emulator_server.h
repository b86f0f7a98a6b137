// EmulatorServer: the HTTP adapter that serves an Emulator with cpprestsdk's http_listener. Every
// cpprest exception is caught here. Commit-then-drop sends the status line and headers, then closes
// the connection before any body byte (see docs/emulator.md). Thread-safety: Start/Stop from one
// thread; requests are served on cpprest's thread pool.
#pragma once

#include <cpprest/http_listener.h>

#include <memory>
#include <string>

#include "api/emulator/emulator.h"
#include "common/status.h"

namespace edgecert::emulator {

class EmulatorServer {
 public:
  explicit EmulatorServer(Emulator& emulator);
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  // Listens on host:port; port 0 picks a free port (see port()).
  Status Start(const std::string& host, int port);
  void Stop();

  int port() const { return port_; }
  // "http://HOST:PORT", without the /client/v4 prefix.
  std::string base_url() const;

 private:
  void Serve(web::http::http_request request);

  Emulator& emulator_;
  std::string host_;
  int port_ = 0;
  std::unique_ptr<web::http::experimental::listener::http_listener> listener_;
};

}  // namespace edgecert::emulator
