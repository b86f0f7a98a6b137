#include "api/client/cpprest_transport.h"

#include <cpprest/http_client.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <exception>
#include <string>
#include <system_error>

namespace edgecert::api {

std::string_view TransportFailureKindName(TransportFailure::Kind kind) {
  switch (kind) {
    case TransportFailure::Kind::kConnectFailed: return "connect_failed";
    case TransportFailure::Kind::kTimedOut: return "timed_out";
    case TransportFailure::Kind::kConnectionLost: return "connection_lost";
    case TransportFailure::Kind::kBodyTooLarge: return "body_too_large";
    case TransportFailure::Kind::kOther: return "other";
  }
  return "other";
}

namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// cpprest's asio backend reports a refused connection as EHOSTUNREACH and resolver failures with the
// text below; both happen before a byte of the request is written.
TransportFailure Classify(const web::http::http_exception& e) {
  const int code = e.error_code().value();
  const std::string what = e.what();
  TransportFailure f;
  f.message = what;
  if (code == ECONNREFUSED || code == EHOSTUNREACH || code == ENETUNREACH || code == EADDRNOTAVAIL ||
      what.find("Error resolving address") != std::string::npos ||
      what.find("Failed to connect") != std::string::npos) {
    f.kind = TransportFailure::Kind::kConnectFailed;
    f.request_may_have_been_sent = false;
  } else if (code == ETIMEDOUT) {
    f.kind = TransportFailure::Kind::kTimedOut;
    f.message = "request timed out";
  } else if (code == ECONNRESET || code == ECONNABORTED || code == EPIPE) {
    f.kind = TransportFailure::Kind::kConnectionLost;
  } else {
    f.kind = TransportFailure::Kind::kOther;
  }
  return f;
}

TransportFailure Failure(TransportFailure::Kind kind, bool sent, std::string message) {
  TransportFailure f;
  f.kind = kind;
  f.request_may_have_been_sent = sent;
  f.message = std::move(message);
  return f;
}

}  // namespace

struct CpprestTransport::Impl {
  CpprestTransportOptions options;
  std::unique_ptr<web::http::client::http_client> client;
};

Result<std::unique_ptr<CpprestTransport>> CpprestTransport::Create(
    const CpprestTransportOptions& options) {
  try {
    web::uri base(options.base_url);
    const std::string scheme = Lower(base.scheme());
    if ((scheme != "http" && scheme != "https") || base.host().empty()) {
      return InvalidArgument("API base URL must be an absolute http:// or https:// URL");
    }
    web::http::client::http_client_config config;
    config.set_timeout(std::max(options.request_timeout, options.connect_timeout));
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->client = std::make_unique<web::http::client::http_client>(base, config);
    return std::unique_ptr<CpprestTransport>(new CpprestTransport(std::move(impl)));
  } catch (const std::exception& e) {
    return InvalidArgument(std::string("API base URL is not valid: ") + e.what());
  }
}

CpprestTransport::CpprestTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CpprestTransport::~CpprestTransport() = default;

TransportResult CpprestTransport::Send(const HttpRequest& request) {
  bool sent_possible = false;
  bool headers_received = false;  // after this, the server certainly processed the request
  try {
    web::http::http_request req(request.method);
    req.set_request_uri(request.path_and_query);
    auto& headers = req.headers();
    headers.add("User-Agent", impl_->options.user_agent);
    headers.add("Accept", "application/json");
    for (const auto& [name, value] : request.headers) headers.add(name, value);
    if (!request.body.empty()) req.set_body(request.body, "application/json");

    sent_possible = true;
    web::http::http_response resp = impl_->client->request(req).get();
    headers_received = true;

    HttpResponse out;
    out.status_code = resp.status_code();
    for (const auto& [name, value] : resp.headers()) out.headers[Lower(name)] = value;

    // Refuse an announced oversized body before reading it.
    const auto limit = impl_->options.max_body_bytes;
    const auto announced = resp.headers().content_length();
    if (announced > limit) {
      return Failure(TransportFailure::Kind::kBodyTooLarge, true,
                     "response body of " + std::to_string(announced) + " bytes exceeds the limit of " +
                         std::to_string(limit));
    }
    std::vector<unsigned char> bytes = resp.extract_vector().get();
    if (bytes.size() > limit) {
      return Failure(TransportFailure::Kind::kBodyTooLarge, true,
                     "response body exceeds the limit of " + std::to_string(limit) + " bytes");
    }
    out.body.assign(bytes.begin(), bytes.end());
    return out;
  } catch (const web::http::http_exception& e) {
    TransportFailure f = Classify(e);
    if (headers_received) {
      // The status line arrived, then the body did not: the server acted on the request.
      f.kind = TransportFailure::Kind::kConnectionLost;
      f.request_may_have_been_sent = true;
      f.message = "connection lost while reading the response body: " + std::string(e.what());
    }
    if (!sent_possible) f.request_may_have_been_sent = false;
    return f;
  } catch (const std::exception& e) {
    return Failure(TransportFailure::Kind::kOther, sent_possible,
                   std::string("HTTP client error: ") + e.what());
  } catch (...) {
    return Failure(TransportFailure::Kind::kOther, sent_possible, "HTTP client error");
  }
}

}  // namespace edgecert::api
