#include "api/client/api_caller.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string_view>

#include "api/client/json_fields.h"

namespace edgecert::api {

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

bool IsJsonContentType(const std::string& content_type) {
  std::string ct = content_type;
  std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return std::tolower(c); });
  return ct.find("application/json") != std::string::npos || ct.find("+json") != std::string::npos;
}

StatusCode CodeFor4xx(int http_status) {
  switch (http_status) {
    case 401:
      return StatusCode::kUnauthenticated;
    case 403:
      return StatusCode::kPermissionDenied;
    case 404:
      return StatusCode::kNotFound;
    case 409:
      return StatusCode::kAlreadyExists;
    default:
      return StatusCode::kInvalidArgument;
  }
}

// Retry-After as delta-seconds; HTTP-dates and garbage yield nullopt (the backoff applies then).
std::optional<Clock::Duration> ParseRetryAfter(const std::string& value) {
  if (value.empty() || value.size() > 9) return std::nullopt;
  long long seconds = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return std::chrono::seconds(seconds);
}

}  // namespace

struct ApiCaller::Attempt {
  Status status;                               // ok, or the failure of this attempt
  bool retryable = false;                      // another try may succeed
  std::optional<Clock::Duration> retry_after;  // from a 429
  int http_status = 0;
  Envelope envelope;
};

ApiCaller::ApiCaller(HttpTransport& transport, Credentials credentials, RateBudget& budget, RetryPolicy& retry,
                     Clock& clock, ClientObserver& observer, std::shared_ptr<spdlog::logger> logger,
                     ApiCallerOptions options)
    : transport_(transport),
      credentials_(std::move(credentials)),
      secrets_(credentials_.SecretValues()),
      budget_(budget),
      retry_(retry),
      clock_(clock),
      observer_(observer),
      logger_(logger ? std::move(logger) : spdlog::default_logger()),
      options_(options) {}

void ApiCaller::ReplaceCredentials(Credentials credentials) {
  std::lock_guard<std::mutex> lock(credentials_mu_);
  for (std::string& secret : credentials.SecretValues()) {
    if (std::find(secrets_.begin(), secrets_.end(), secret) == secrets_.end()) secrets_.push_back(std::move(secret));
  }
  credentials_ = std::move(credentials);
}

std::string ApiCaller::Redact(std::string text) const {
  // A PEM private key a server echoes back (an upload refused with its body quoted) goes too, up to its
  // END line, or to the end of the text when the server cut it short.
  static constexpr std::string_view kBegin = "-----BEGIN ";
  for (auto pos = text.find(kBegin); pos != std::string::npos; pos = text.find(kBegin, pos + 1)) {
    const auto label_end = text.find("-----", pos + kBegin.size());
    if (label_end == std::string::npos) break;
    const std::string_view label(text.data() + pos + kBegin.size(), label_end - pos - kBegin.size());
    if (label.find("PRIVATE KEY") == std::string_view::npos) continue;
    const std::string end_line = "-----END " + std::string(label) + "-----";
    auto end = text.find(end_line, label_end);
    end = end == std::string::npos ? text.size() : end + end_line.size();
    text.replace(pos, end - pos, "[redacted private key]");
  }
  std::lock_guard<std::mutex> lock(credentials_mu_);
  for (const std::string& secret : secrets_) {
    if (secret.empty()) continue;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
      text.replace(pos, secret.size(), "[redacted]");
    }
  }
  return text;
}

std::string ApiCaller::BuildTarget(const ApiCall& call) const {
  std::string path;
  std::size_t arg = 0;
  for (std::size_t i = 0; i < call.endpoint.size(); ++i) {
    const char c = call.endpoint[i];
    if (c == '{') {
      const auto close = call.endpoint.find('}', i);
      path += arg < call.path_args.size() ? UrlEncode(call.path_args[arg]) : std::string();
      ++arg;
      i = close == std::string::npos ? call.endpoint.size() : close;
    } else {
      path += c;
    }
  }
  char sep = '?';
  for (const auto& [k, v] : call.query) {
    path += sep;
    path += UrlEncode(k) + "=" + UrlEncode(v);
    sep = '&';
  }
  return path;
}

ApiCaller::Attempt ApiCaller::Classify(const ApiCall& call, const TransportResult& outcome) {
  Attempt a;
  const std::string where = call.method + " " + call.endpoint;
  if (const auto* failure = std::get_if<TransportFailure>(&outcome)) {
    const std::string what = where + ": " + failure->message;
    if (!failure->request_may_have_been_sent) {
      a.status = Unavailable(what + " (the request was not sent)");
      a.retryable = true;
    } else if (failure->kind == TransportFailure::Kind::kBodyTooLarge) {
      a.status =
          call.idempotent ? Internal(what) : Status(StatusCode::kAmbiguous, what + "; the write may have happened");
    } else if (call.idempotent) {
      a.status = Unavailable(what);
      a.retryable = true;
    } else {
      a.status = Status(StatusCode::kAmbiguous, what + " after the request was sent; the write may have happened");
    }
    return a;
  }

  const auto& resp = std::get<HttpResponse>(outcome);
  a.http_status = resp.status_code;
  const std::string http = where + ": HTTP " + std::to_string(resp.status_code);

  if (resp.status_code == 429) {
    a.retry_after = ParseRetryAfter(resp.Header("retry-after"));
    a.status = Status(StatusCode::kResourceExhausted, http + " rate limited");
    a.retryable = true;
    return a;
  }
  if (resp.status_code >= 500) {
    if (call.idempotent) {
      a.status = Unavailable(http + " server error");
      a.retryable = true;
    } else {
      a.status = Status(StatusCode::kAmbiguous,
                        http + " server error after the request was sent; the write may have happened");
    }
    return a;
  }
  if (resp.status_code >= 400) {
    if (resp.status_code == 404 && call.not_found_is_success) {
      a.envelope.success = true;
      return a;
    }
    std::string detail;
    if (IsJsonContentType(resp.Header("content-type"))) {
      auto env = DecodeEnvelope(resp.body);
      if (env.ok() && !env->errors.empty()) detail = ": " + FormatApiMessages(env->errors);
    }
    if (detail.empty()) detail = " (no Cloudflare error in the body)";
    a.status = Status(CodeFor4xx(resp.status_code), http + detail);
    return a;
  }
  if (resp.status_code < 200 || resp.status_code >= 300) {
    a.status = Internal(http + " is not an answer the API gives");
    return a;
  }

  // 2xx: the call took effect; a body we cannot read makes a write ambiguous.
  auto unreadable = [&](const std::string& why) {
    if (call.idempotent) return Internal(http + ": " + why);
    return Status(StatusCode::kAmbiguous, http + ": " + why + "; the write probably happened");
  };
  if (!IsJsonContentType(resp.Header("content-type"))) {
    std::string ct = resp.Header("content-type");
    if (ct.size() > 80) ct.resize(80);
    a.status = unreadable("content type is \"" + ct + "\", expected application/json");
    return a;
  }
  auto env = DecodeEnvelope(resp.body);
  if (!env.ok() && call.bare_result && IsValidUtf8(resp.body)) {
    std::error_code ec;
    web::json::value bare = web::json::value::parse(resp.body, ec);
    if (!ec && bare.is_object() && bare.has_string_field("id")) {
      a.envelope.success = true;
      a.envelope.result = std::move(bare);
      return a;
    }
  }
  if (!env.ok()) {
    a.status = unreadable(env.status().message());
    return a;
  }
  if (!env->success) {
    a.status = InvalidArgument(http + " with success=false: " + FormatApiMessages(env->errors));
    return a;
  }
  a.envelope = std::move(env).value();
  return a;
}

Result<Envelope> ApiCaller::Call(const ApiCall& call) {
  HttpRequest request;
  request.method = call.method;
  request.path_and_query = BuildTarget(call);
  if (call.body.has_value()) request.body = call.body->serialize();

  for (int attempt = 1;; ++attempt) {
    // Cancelled (a stop) before anything of this attempt went out: nothing to undo, nothing to resend.
    const Result<Clock::Duration> waited =
        budget_.Acquire(call.method == "GET" ? RequestPriority::kRead : RequestPriority::kWrite);
    if (!waited.ok())
      return Status(waited.status().code(), call.method + " " + call.endpoint + ": " + waited.status().message());
    if (*waited > Clock::Duration::zero()) observer_.OnBudgetWait(*waited);
    {
      // Per attempt: a retry after a token rotation goes out with the new token.
      std::lock_guard<std::mutex> lock(credentials_mu_);
      request.headers = credentials_.AuthHeaders();
    }

    observer_.OnRequestStarted(call.method, call.endpoint);
    const Clock::MonoTime start = clock_.Monotonic();
    TransportResult outcome = transport_.Send(request);
    const Clock::Duration latency = clock_.Monotonic() - start;
    Attempt a = Classify(call, outcome);
    observer_.OnRequestFinished(call.method, call.endpoint, a.http_status, latency);
    logger_->debug("api {} {} -> {} in {} ms (try {})", call.method, call.endpoint, a.http_status,
                   duration_cast<milliseconds>(latency).count(), attempt);

    if (a.status.ok()) return std::move(a.envelope);

    Clock::Duration backoff{0};
    if (a.http_status == 429) {
      Clock::Duration pause = std::min(a.retry_after.value_or(Clock::Duration::zero()), options_.max_retry_after);
      observer_.OnRateLimited(call.method, call.endpoint, pause);
      // Everyone waits out the Retry-After through the shared budget, not just this caller.
      if (pause > Clock::Duration::zero())
        budget_.BlockUntil(clock_.Monotonic() + pause);
      else
        backoff = retry_.BackoffAfter(attempt);
    } else if (a.retryable) {
      backoff = retry_.BackoffAfter(attempt);
    }

    if (!a.retryable || !retry_.ShouldRetry(attempt)) {
      Status final_status = a.status;
      if (a.retryable) final_status = final_status.WithContext("gave up after " + std::to_string(attempt) + " tries");
      return Status(final_status.code(), Redact(final_status.message()));
    }
    observer_.OnRetry(call.method, call.endpoint, attempt, backoff);
    logger_->warn("api {} {} try {} failed: {}; retrying in {} ms", call.method, call.endpoint, attempt,
                  Redact(a.status.ToString()), duration_cast<milliseconds>(backoff).count());
    // Retried only when the failed attempt took no effect (or may be sent again): ending the backoff
    // at a stop leaves nothing half-done.
    if (!clock_.SleepUntil(clock_.Monotonic() + backoff, budget_.closing())) {
      return Cancelled(call.method + " " + call.endpoint + ": stopped while waiting to retry; " +
                       Redact(a.status.message()));
    }
  }
}

Result<std::vector<web::json::value>> ApiCaller::ListAll(const ApiCall& call) {
  std::vector<web::json::value> items;
  for (int page = 1;; ++page) {
    if (page > options_.max_pages) {
      return Internal(call.method + " " + call.endpoint + ": the server is still returning items after " +
                      std::to_string(options_.max_pages) + " pages; refusing to page further");
    }
    ApiCall paged = call;
    paged.query.emplace_back("page", std::to_string(page));
    paged.query.emplace_back("per_page", std::to_string(options_.per_page));
    auto env = Call(paged);
    if (!env.ok()) return env.status();
    if (!env->result.is_array()) {
      return Internal(call.method + " " + call.endpoint + ": result is a " + JsonTypeName(env->result) +
                      ", expected an array");
    }
    const auto& page_items = env->result.as_array();
    if (page_items.size() == 0) break;
    items.insert(items.end(), page_items.begin(), page_items.end());

    if (!env->result_info.has_value()) break;  // not a paginated endpoint: one page is everything
    const ResultInfo& info = *env->result_info;
    if (info.page.has_value() && *info.page != page) {
      return Internal(call.method + " " + call.endpoint + ": asked for page " + std::to_string(page) +
                      " but the server answered page " + std::to_string(*info.page));
    }
    if (info.total_pages.has_value()) {
      if (page >= *info.total_pages) break;
    } else if (info.total_count.has_value()) {
      if (static_cast<std::int64_t>(items.size()) >= *info.total_count) break;
    } else if (static_cast<std::int64_t>(page_items.size()) < info.per_page.value_or(options_.per_page)) {
      break;
    }
  }
  return items;
}

}  // namespace edgecert::api
