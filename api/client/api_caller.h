// ApiCaller: runs one logical API call over an HttpTransport: budget token, credentials, retries with
// backoff, classification of the outcome, metrics hooks and debug logs; ListAll() follows pages.
//
// Outcome classes (the Status code of the returned value):
//  - success (ok):        a 2xx with "success": true (or a 404 on a call marked not_found_is_success).
//  - definite failure:    a 4xx other than 429, or a 2xx with "success": false. Never retried.
//                         400/422 -> kInvalidArgument, 401 -> kUnauthenticated,
//                         403 -> kPermissionDenied, 404 -> kNotFound, 409 -> kAlreadyExists.
//                         The message carries Cloudflare's errors[] as "[code] message".
//  - retryable:           429 (any method: the API refused it), a connection that failed before the
//                         request went out (any method), and for idempotent calls also timeouts,
//                         resets and 5xx. Retried up to the RetryPolicy's bound; if every try fails
//                         the result is kResourceExhausted (429) or kUnavailable.
//  - ambiguous:           a timeout, reset or 5xx after a non-idempotent call (POST) went out, or a 2xx
//                         whose body cannot be read: the write may have happened. Returned as
//                         kAmbiguous at once, never resent: the caller lists and adopts first.
//  - kInternal:           an idempotent call answered with a body that is not a valid envelope.
//  - kCancelled:          the rate budget was closed (a stop) while the call waited for a token, a
//                         Retry-After or a retry backoff: the attempt it waited for was never sent.
// Thread-safety: Call() and ListAll() may run concurrently from many threads.
#pragma once

#include <cpprest/json.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/client/client_observer.h"
#include "api/client/credentials.h"
#include "api/client/envelope.h"
#include "api/client/http_transport.h"
#include "api/client/rate_budget.h"
#include "api/client/retry_policy.h"
#include "common/clock.h"
#include "common/status.h"

namespace edgecert::api {

struct ApiCall {
  std::string method;    // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string endpoint;  // path template, e.g. "/zones/{zone_id}/ssl/certificate_packs"
  std::vector<std::string> path_args;  // fill the template's {placeholders} in order (URL-encoded)
  std::vector<std::pair<std::string, std::string>> query;
  std::optional<web::json::value> body;
  // May be sent again after a failure that left its fate unknown (GET, PUT, PATCH, DELETE here).
  bool idempotent = true;
  // DELETE of an object that is already gone counts as success.
  bool not_found_is_success = false;
  // The contract answers a success with the bare object, {"id": ...}, not the envelope (DELETE of a
  // custom hostname); an envelope is accepted too.
  bool bare_result = false;
};

struct ApiCallerOptions {
  int per_page = 50;
  int max_pages = 1000;  // guard against a server that never stops paging
  // A Retry-After longer than this is clamped (a hostile or broken header must not park us for days).
  Clock::Duration max_retry_after = std::chrono::seconds(900);
};

class ApiCaller {
 public:
  ApiCaller(HttpTransport& transport, Credentials credentials, RateBudget& budget,
            RetryPolicy& retry, Clock& clock, ClientObserver& observer,
            std::shared_ptr<spdlog::logger> logger, ApiCallerOptions options = {});

  ApiCaller(const ApiCaller&) = delete;
  ApiCaller& operator=(const ApiCaller&) = delete;

  Result<Envelope> Call(const ApiCall& call);

  // Every item of every page of a list endpoint (page/per_page, following result_info).
  Result<std::vector<web::json::value>> ListAll(const ApiCall& call);

  // Replaces every credential value in `text` by "[redacted]" and every PEM private key block by
  // "[redacted private key]": a second line of defence for text that came from the server (an error
  // message could echo a header or an upload back). Credentials replaced earlier stay redacted.
  std::string Redact(std::string text) const;

  // Every attempt from now on authenticates with `credentials` (a rotated API token); attempts already
  // sent keep theirs.
  void ReplaceCredentials(Credentials credentials);

 private:
  struct Attempt;
  Attempt Classify(const ApiCall& call, const TransportResult& outcome);
  std::string BuildTarget(const ApiCall& call) const;

  HttpTransport& transport_;
  mutable std::mutex credentials_mu_;
  Credentials credentials_;          // guarded by credentials_mu_
  std::vector<std::string> secrets_;  // guarded by credentials_mu_: every secret value used so far
  RateBudget& budget_;
  RetryPolicy& retry_;
  Clock& clock_;
  ClientObserver& observer_;
  std::shared_ptr<spdlog::logger> logger_;
  const ApiCallerOptions options_;
};

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlEncode(std::string_view s);

}  // namespace edgecert::api
