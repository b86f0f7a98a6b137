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

// etcd's messages for a call without a token and for a user whose roles do not cover the key.
constexpr char kUserEmpty[] = "user name is empty";
constexpr char kPermissionDenied[] = "permission denied";

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

// Loads every TLS file once, so a missing or malformed one is an error naming its flag and path now,
// not a vague failure on every call.
Status CheckTlsFiles(const EtcdConnection& connection) {
  if (connection.cert_file.empty() != connection.key_file.empty()) {
    return InvalidArgument("--etcd-cert and --etcd-key go together: give both or neither");
  }
  using boost::asio::ssl::context;
  context probe(context::tls_client);
  auto load = [&probe](const char* flag, const std::string& path, void (*use)(context&, const std::string&)) {
    if (path.empty()) return Status::Ok();
    try {
      use(probe, path);
      return Status::Ok();
    } catch (const std::exception& e) {
      return InvalidArgument(std::string(flag) + " " + path + " cannot be used: " + e.what() +
                             " (is it a readable PEM file of the right kind?)");
    }
  };
  if (Status s = load("--etcd-ca", connection.ca_file, [](context& c, const std::string& p) { c.load_verify_file(p); });
      !s.ok()) {
    return s;
  }
  if (Status s = load("--etcd-cert", connection.cert_file,
                      [](context& c, const std::string& p) { c.use_certificate_chain_file(p); });
      !s.ok()) {
    return s;
  }
  if (Status s = load("--etcd-key", connection.key_file,
                      [](context& c, const std::string& p) { c.use_private_key_file(p, context::pem); });
      !s.ok()) {
    return s;
  }
  return Status::Ok();
}

}  // namespace

struct EtcdClient::Impl {
  EtcdConnection connection;
  EtcdObserver* observer = nullptr;
  http_client_config config;
  std::string scheme;  // "http://" or "https://"
  // One per endpoint, same order; guarded by mu (a request holds its own reference).
  std::vector<std::shared_ptr<http_client>> clients;
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
      std::shared_ptr<http_client> client;
      {
        std::lock_guard lock(mu);
        client = clients[endpoint];
      }
      web::http::http_response response = client->request(request).get();
      Answer answer;
      answer.http_status = response.status_code();
      if (answer.http_status != 200) {
        // The gateway ends error answers with HTTP trailers, which cpprest does not read: the kept-alive
        // connection would hand the next request the trailer as its status line. A fresh client (and
        // connection) for the next call; error answers are rare.
        std::lock_guard lock(mu);
        clients[endpoint] = std::make_shared<http_client>(scheme + connection.endpoints[endpoint], config);
      }
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
    std::string hint;
    if (connection.tls() && errors.find("Failed to connect") == std::string::npos) {
      // A refused client certificate shows up as a broken request, an unknown server CA as a failed
      // handshake; either way the files are what to check.
      hint =
          " (TLS: check that --etcd-ca signs etcd's server certificate and that --etcd-cert / --etcd-key "
          "are a client certificate etcd trusts)";
    }
    return Unavailable("etcd " + connection.Describe() + " did not answer " + path + ": " + errors + hint);
  }

  Result<std::string> Authenticate() {
    web::json::value body = web::json::value::object();
    body["name"] = web::json::value::string(connection.user);
    body["password"] = web::json::value::string(connection.password.Reveal());
    auto answer = PostAny("/v3/auth/authenticate", body, "");
    if (!answer.ok()) return answer.status();
    if (answer->http_status != 200 || !answer->body.has_string_field("token")) {
      // etcd's message ("authentication failed, invalid user ID or password") names no secret.
      return Status(StatusCode::kUnauthenticated, FromEtcdError("/v3/auth/authenticate", *answer).message())
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
    if (answer->http_status != 200) return Explain(FromEtcdError(path, *answer));
    return answer->body;
  }

  // etcd's authorization errors, with what to do about them.
  Status Explain(Status status) const {
    if (status.message().find(kUserEmpty) != std::string::npos && connection.user.empty()) {
      return Status(StatusCode::kUnauthenticated, status.message())
          .WithContext("etcd " + connection.Describe() +
                       " requires authentication: set EDGECERT_ETCD_USER and EDGECERT_ETCD_PASSWORD (or their "
                       "_FILE variants)");
    }
    if (status.message().find(kPermissionDenied) != std::string::npos) {
      return Status(StatusCode::kPermissionDenied, status.message())
          .WithContext("etcd user " + (connection.user.empty() ? std::string("(none)") : connection.user) +
                       " needs a role with READWRITE on " + connection.prefix + "/");
    }
    return status;
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
    if (Status files = CheckTlsFiles(connection); !files.ok()) return files;
    const std::string ca = connection.ca_file, cert = connection.cert_file, key = connection.key_file;
    config.set_ssl_context_callback([ca, cert, key](boost::asio::ssl::context& context) {
      if (!ca.empty()) context.load_verify_file(ca);
      if (!cert.empty()) context.use_certificate_chain_file(cert);
      if (!key.empty()) context.use_private_key_file(key, boost::asio::ssl::context::pem);
    });
  }
  impl->scheme = connection.tls() ? "https://" : "http://";
  impl->config = config;
  try {
    for (const auto& endpoint : connection.endpoints) {
      impl->clients.push_back(std::make_shared<http_client>(impl->scheme + endpoint, config));
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
