#include "api/emulator/emulator_server.h"

#include <cpprest/rawptrstream.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

#include "api/emulator/error_codes.h"
#include "common/free_port.h"

namespace edgecert::emulator {

namespace {

using web::http::http_request;
using web::http::http_response;

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

ApiRequest ToApiRequest(const http_request& request, std::string body) {
  ApiRequest api;
  api.method = request.method();
  api.path = web::uri::decode(request.relative_uri().path());
  // Query strings are form-encoded: '+' is a space (a literal plus arrives as %2B).
  auto form_decode = [](std::string text) {
    std::replace(text.begin(), text.end(), '+', ' ');
    return web::uri::decode(text);
  };
  for (const auto& [key, value] : web::uri::split_query(request.relative_uri().query())) {
    api.query[form_decode(key)] = form_decode(value);
  }
  for (const auto& [name, value] : request.headers()) api.headers[Lower(name)] = value;
  api.raw_body = std::move(body);
  return api;
}

void Reply(http_request& request, const ApiResponse& response) {
  http_response reply(static_cast<web::http::status_code>(response.status));
  for (const auto& [name, value] : response.headers) reply.headers().add(name, value);
  std::string text = response.body.serialize();
  if (response.drop_connection) {
    // Announce the full length but provide no bytes: cpprest writes the status line and headers, finds
    // the body stream at its end, and closes the connection. The client never gets a usable response.
    static const uint8_t kNothing = 0;
    auto empty = concurrency::streams::rawptr_stream<uint8_t>::open_istream(&kNothing, 0);
    reply.set_body(empty, text.size(), "application/json");
  } else {
    reply.set_body(std::move(text), "application/json");
  }
  // Observe the reply task so a client that went away never leaves an unobserved exception behind.
  request.reply(reply).then([](pplx::task<void> done) {
    try {
      done.get();
    } catch (const std::exception&) {
    }
  });
}

}  // namespace

EmulatorServer::EmulatorServer(Emulator& emulator) : emulator_(emulator) {}

EmulatorServer::~EmulatorServer() { Stop(); }

std::string EmulatorServer::base_url() const { return "http://" + host_ + ":" + std::to_string(port_); }

Status EmulatorServer::Start(const std::string& host, int port) {
  host_ = host;
  Status last = Unavailable("no attempt made");
  for (int attempt = 0; attempt < 5; ++attempt) {
    int chosen = port;
    if (port == 0) {
      auto picked = PickFreePort(host);
      if (!picked.ok()) return picked.status();
      chosen = *picked;
    }
    try {
      auto listener = std::make_unique<web::http::experimental::listener::http_listener>(
          web::uri("http://" + host + ":" + std::to_string(chosen) + "/"));
      listener->support([this](http_request request) { Serve(std::move(request)); });
      listener->open().wait();
      listener_ = std::move(listener);
      port_ = chosen;
      return Status::Ok();
    } catch (const std::exception& e) {
      last = Unavailable("cannot listen on " + host + ":" + std::to_string(chosen) + ": " + e.what());
    }
    if (port != 0) break;
  }
  return last;
}

void EmulatorServer::Stop() {
  if (!listener_) return;
  try {
    listener_->close().wait();
  } catch (const std::exception& e) {
    spdlog::warn("emulator: closing the listener failed: {}", e.what());
  }
  listener_.reset();
}

void EmulatorServer::Serve(http_request request) {
  request.extract_utf8string(true).then([this, request](pplx::task<std::string> body) mutable {
    ApiResponse response;
    try {
      ApiRequest api = ToApiRequest(request, body.get());
      const std::string method = api.method;
      const std::string path = api.path;
      response = emulator_.Handle(std::move(api));
      spdlog::debug("emulator: {} {} -> {}{}", method, path, response.status,
                    response.drop_connection ? " (dropped)" : "");
    } catch (const std::exception& e) {
      spdlog::error("emulator: request failed inside the emulator: {}", e.what());
      response = ErrorResponse(ErrorCode::kInternalError, "Internal server error");
      response.status = 500;
    }
    try {
      Reply(request, response);
    } catch (const std::exception& e) {
      spdlog::warn("emulator: cannot send the response: {}", e.what());
    }
  });
}

}  // namespace edgecert::emulator
