#include "reconcile/state/etcd/etcd_client.h"

#include <cpprest/http_client.h>

#include <mutex>
#include <optional>
#include <vector>

namespace edgecert::reconcile {
namespace {

using web::http::client::http_client;
using web::http::client::http_client_config;

// gRPC status codes etcd's gateway puts in "code".
constexpr int kGrpcNotFound = 5;
constexpr int kGrpcFailedPrecondition = 9;
constexpr int kGrpcUnavailable = 14;
constexpr int kGrpcUnauthenticated = 16;

struct Answer {
  int http_status = 0;
  web::json::value body;
};

Status FromEtcdError(const std::string& path, const Answer& answer) {
  const web::json::value& b = answer.body;
  const int code = b.has_integer_field("code") ? b.at("code").as_integer() : 0;
  std::string message = b.has_string_field("message") ? b.at("message").as_string()
                        : b.has_string_field("error") ? b.at("error").as_string()
                                                      : "HTTP " + std::to_string(answer.http_status);
  message = "etcd " + path + ": " + message;
  switch (code) {
    case kGrpcNotFound:
      return NotFound(std::move(message));
    case kGrpcFailedPrecondition:
      return FailedPrecondition(std::move(message));
    case kGrpcUnavailable:
      return Unavailable(std::move(message));
    case kGrpcUnauthenticated:
      return Status(StatusCode::kUnauthenticated, std::move(message));
    default:
      return answer.http_status >= 500 ? Unavailable(std::move(message)) : Internal(std::move(message));
  }
}

}  // namespace

struct EtcdClient::Impl {
  EtcdConnection connection;
  EtcdObserver* observer = nullptr;
  std::vector<std::unique_ptr<http_client>> clients;  // one per endpoint, same order
  std::mutex mu;
  std::size_t preferred = 0;  // guarded by mu: the endpoint that answered last
  std::string token;          // guarded by mu: etcd auth token, empty until authenticated

  // One POST to one endpoint; nullopt when it did not answer.
  std::optional<Answer> Post(std::size_t endpoint, const std::string& path, const web::json::value& body,
                             const std::string& token_header, std::string& error) {
    try {
      web::http::http_request request(web::http::methods::POST);
      request.set_request_uri(path);
      request.set_body(body);
      if (!token_header.empty()) request.headers().add("Authorization", token_header);
      web::http::http_response response = clients[endpoint]->request(request).get();
      Answer answer;
      answer.http_status = response.status_code();
      // The gateway answers streaming calls (lease keepalive) as {"result": {...}}.
      std::string text = response.extract_string(true).get();
      std::error_code parse_error;
      const auto newline = text.find('\n');
      if (newline != std::string::npos && newline + 1 < text.size()) text.resize(newline);
      answer.body = web::json::value::parse(text, parse_error);
      if (parse_error) answer.body = web::json::value::object();
      if (answer.body.has_object_field("result")) answer.body = answer.body.at("result");
      return answer;
    } catch (const std::exception& e) {
      error = connection.endpoints[endpoint] + ": " + e.what();
      return std::nullopt;
    }
  }

  // Tries every endpoint, starting with the one that answered last.
  Result<Answer> PostAny(const std::string& path, const web::json::value& body, const std::string& token_header) {
    std::size_t first = 0;
    {
      std::lock_guard lock(mu);
      first = preferred;
    }
    std::string errors;
    for (std::size_t i = 0; i < clients.size(); ++i) {
      const std::size_t endpoint = (first + i) % clients.size();
      std::string error;
      auto answer = Post(endpoint, path, body, token_header, error);
      if (answer && answer->http_status < 500) {
        std::lock_guard lock(mu);
        preferred = endpoint;
        return *answer;
      }
      if (answer) error = connection.endpoints[endpoint] + ": " + FromEtcdError(path, *answer).message();
      errors += (errors.empty() ? "" : "; ") + error;
    }
    return Unavailable("etcd " + connection.Describe() + " did not answer " + path + ": " + errors);
  }

  Result<std::string> Authenticate() {
    web::json::value body = web::json::value::object();
    body["name"] = web::json::value::string(connection.user);
    body["password"] = web::json::value::string(connection.password.Reveal());
    auto answer = PostAny("/v3/auth/authenticate", body, "");
    if (!answer.ok()) return answer.status();
    if (answer->http_status != 200 || !answer->body.has_string_field("token")) {
      // etcd's message ("authentication failed, invalid user ID or password") names no secret.
      return FromEtcdError("/v3/auth/authenticate", *answer)
          .WithContext("etcd user " + connection.user + " (EDGECERT_ETCD_USER / EDGECERT_ETCD_PASSWORD)");
    }
    return answer->body.at("token").as_string();
  }

  Result<web::json::value> CallOnce(const std::string& path, const web::json::value& body, bool renew_token) {
    std::string token_header;
    if (!connection.user.empty()) {
      std::lock_guard lock(mu);
      token_header = token;
    }
    if (!connection.user.empty() && (token_header.empty() || renew_token)) {
      auto fresh = Authenticate();
      if (!fresh.ok()) return fresh.status();
      token_header = *fresh;
      std::lock_guard lock(mu);
      token = token_header;
    }
    auto answer = PostAny(path, body, token_header);
    if (!answer.ok()) return answer.status();
    if (answer->http_status != 200) return FromEtcdError(path, *answer);
    return answer->body;
  }
};

EtcdClient::EtcdClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EtcdClient::~EtcdClient() = default;

const EtcdConnection& EtcdClient::connection() const { return impl_->connection; }

Result<std::unique_ptr<EtcdClient>> EtcdClient::Create(EtcdConnection connection, EtcdObserver* observer) {
  if (connection.endpoints.empty()) return InvalidArgument("no etcd endpoint");
  auto impl = std::make_unique<Impl>();
  http_client_config config;
  config.set_timeout(connection.request_timeout);
  if (connection.tls()) {
    const std::string ca = connection.ca_file, cert = connection.cert_file, key = connection.key_file;
    config.set_ssl_context_callback([ca, cert, key](boost::asio::ssl::context& context) {
      if (!ca.empty()) context.load_verify_file(ca);
      if (!cert.empty()) context.use_certificate_chain_file(cert);
      if (!key.empty()) context.use_private_key_file(key, boost::asio::ssl::context::pem);
    });
  }
  const std::string scheme = connection.tls() ? "https://" : "http://";
  try {
    for (const auto& endpoint : connection.endpoints) {
      impl->clients.push_back(std::make_unique<http_client>(scheme + endpoint, config));
    }
  } catch (const std::exception& e) {
    return InvalidArgument("etcd endpoint in " + connection.Describe() + ": " + e.what());
  }
  impl->connection = std::move(connection);
  impl->observer = observer;
  return std::unique_ptr<EtcdClient>(new EtcdClient(std::move(impl)));
}

Result<web::json::value> EtcdClient::Call(const std::string& path, const web::json::value& body) {
  const auto start = std::chrono::steady_clock::now();
  auto result = impl_->CallOnce(path, body, false);
  if (!result.ok() && result.status().code() == StatusCode::kUnauthenticated && !impl_->connection.user.empty()) {
    result = impl_->CallOnce(path, body, true);  // the token expired: one fresh one
  }
  if (impl_->observer != nullptr) {
    impl_->observer->OnEtcdCall(path, std::chrono::steady_clock::now() - start, result.ok());
  }
  return result;
}

}  // namespace edgecert::reconcile
