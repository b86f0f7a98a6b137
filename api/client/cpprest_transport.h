// CpprestTransport: the HttpTransport over cpprestsdk's http_client, one client per base URL.
// The only file that touches cpprest http_client; every exception it throws becomes a TransportFailure.
// Thread-safety: Send() may be called from many threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "api/client/http_transport.h"
#include "common/status.h"

namespace edgecert::api {

struct CpprestTransportOptions {
  std::string base_url = "https://api.cloudflare.com/client/v4";
  // cpprest's asio backend applies one deadline to the whole exchange (resolve, connect, send,
  // receive); `connect_timeout` is therefore folded into it: the effective deadline is the larger.
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{30'000};
  // Responses above this size are refused (kBodyTooLarge) instead of being parsed.
  std::size_t max_body_bytes = 8u << 20;
  std::string user_agent = std::string("edgecert/") + EDGECERT_VERSION;
};

class CpprestTransport final : public HttpTransport {
 public:
  // Fails when the base URL is not an absolute http(s) URL.
  static Result<std::unique_ptr<CpprestTransport>> Create(const CpprestTransportOptions& options);
  ~CpprestTransport() override;

  CpprestTransport(const CpprestTransport&) = delete;
  CpprestTransport& operator=(const CpprestTransport&) = delete;

  TransportResult Send(const HttpRequest& request) override;

 private:
  struct Impl;
  explicit CpprestTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace edgecert::api
