#include "api/emulator/emulator_server.h"

#include <spdlog/spdlog.h>

#include "api/emulator/error_codes.h"

namespace edgecert::emulator {
namespace {

using httpd::HttpRequest;
using httpd::HttpResponse;

ApiRequest ToApiRequest(HttpRequest& request) {
  ApiRequest api;
  api.method = std::move(request.method);
  api.path = std::move(request.path);
  for (auto& [key, value] : request.query) api.query[key] = std::move(value);
  api.headers = std::move(request.headers);
  api.raw_body = std::move(request.body);
  return api;
}

HttpResponse ToHttpResponse(const ApiResponse& response) {
  HttpResponse reply;
  reply.status = response.status;
  reply.content_type = "application/json";
  reply.body = response.rendered_body ? *response.rendered_body : response.body.serialize();
  reply.headers.assign(response.headers.begin(), response.headers.end());
  reply.drop_after_headers = response.drop_connection;
  return reply;
}

}  // namespace

httpd::HttpServerLimits EmulatorLimits() {
  httpd::HttpServerLimits limits;
  limits.max_header_bytes = 32 * 1024;
  limits.max_body_bytes = 1024 * 1024;
  limits.header_timeout = std::chrono::seconds(10);
  limits.idle_timeout = std::chrono::seconds(60);
  limits.max_connections = 512;
  limits.threads = 4;
  return limits;
}

EmulatorServer::EmulatorServer(Emulator& emulator) : emulator_(emulator) {}

EmulatorServer::~EmulatorServer() { Stop(); }

std::string EmulatorServer::base_url() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port());
}

Status EmulatorServer::Start(const std::string& host, int port, httpd::HttpServerLimits limits) {
  Stop();
  host_ = host;
  auto refuse = [](const HttpRequest&, const std::string& why) {
    ApiResponse response = ErrorResponse(ErrorCode::kInvalidRequestHeaders, why);
    response.status = 400;
    return ToHttpResponse(response);
  };
  auto server = httpd::HttpServer::Start(
      host, port, limits, [this](HttpRequest& request) { return Serve(request); }, refuse);
  if (!server.ok()) return server.status();
  server_ = std::move(*server);
  return Status::Ok();
}

void EmulatorServer::Stop() { server_.reset(); }

HttpResponse EmulatorServer::Serve(HttpRequest& request) {
  ApiResponse response;
  try {
    ApiRequest api = ToApiRequest(request);
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
  return ToHttpResponse(response);
}

}  // namespace edgecert::emulator
