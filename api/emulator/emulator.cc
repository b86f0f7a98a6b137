#include "api/emulator/emulator.h"

#include <cctype>

#include "api/emulator/auth.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handler_context.h"
#include "api/emulator/router.h"
#include "api/emulator/state_file.h"

#include <spdlog/spdlog.h>

namespace edgecert::emulator {

namespace {

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

bool IsJsonContentType(const std::map<std::string, std::string>& headers) {
  auto it = headers.find("content-type");
  if (it == headers.end()) return false;
  std::string type = it->second.substr(0, it->second.find(';'));
  for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  return type == "application/json";
}

// Parses the raw body into request.body; returns the 415/400 response when it is not a JSON object.
std::optional<ApiResponse> ParseBody(ApiRequest& request) {
  std::size_t first = request.raw_body.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  if (!IsJsonContentType(request.headers)) return ErrorResponse(ErrorCode::kInvalidRequestHeaders);
  try {
    web::json::value parsed = web::json::value::parse(request.raw_body);
    if (!parsed.is_object()) return ErrorResponse(ErrorCode::kMalformedJson, "The request body must be a JSON object");
    request.body = std::move(parsed);
  } catch (const web::json::json_exception&) {
    return ErrorResponse(ErrorCode::kMalformedJson);
  }
  return std::nullopt;
}

void AddRateHeaders(ApiResponse& response, const RateDecision& decision, const RateLimit& limit) {
  if (limit.requests <= 0) return;
  response.headers["Ratelimit"] =
      "\"default\";r=" + std::to_string(decision.remaining) + ";t=" + std::to_string(decision.reset_seconds);
  response.headers["Ratelimit-Policy"] =
      "\"default\";q=" + std::to_string(limit.requests) + ";w=" + std::to_string(limit.window_seconds);
  if (!decision.allowed) response.headers["Retry-After"] = std::to_string(decision.retry_after_seconds);
}

FaultConfig InitialFaults(const EmulatorOptions& options) {
  FaultConfig faults = options.faults;
  if (!options.rate_limit_from_faults) faults.rate_limit = options.config.rate_limit;
  return faults;
}

}  // namespace

Emulator::Emulator(EmulatorOptions options, Clock& base_clock)
    : config_(options.config),
      seed_(options.seed),
      state_file_(options.state_file),
      clock_(base_clock, options.time_scale),
      faults_(InitialFaults(options), options.seed),
      state_(options.seed) {}

ApiResponse Emulator::Handle(ApiRequest request) {
  if (request.path == kAdminPrefix || StartsWith(request.path, std::string(kAdminPrefix) + "/")) {
    ApiResponse response = HandleAdmin(request);
    // Admin writes (reset, revocations, faults, the clock) may change what any answer shows.
    if (request.method != "GET") state_version_.fetch_add(1);
    return response;
  }
  if (!StartsWith(request.path, std::string(kApiPrefix) + "/")) return ErrorResponse(ErrorCode::kNoRoute);
  request.path = request.path.substr(sizeof(kApiPrefix) - 1);
  return HandleCloudflare(request);
}

ApiResponse Emulator::HandleCloudflare(ApiRequest& request) {
  auto matched = MatchRoute(CloudflareRoutes(), request.method, request.path);
  if (auto* error = std::get_if<ApiResponse>(&matched)) return *error;
  RouteMatch match = std::get<RouteMatch>(std::move(matched));
  request.params = match.params;

  auto authenticated = Authenticate(request, config_);
  if (auto* error = std::get_if<ApiResponse>(&authenticated)) return *error;
  request.principal = std::get<Principal>(authenticated);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (revoked_.count(request.principal.credential_id) != 0) {
      return ErrorResponse(request.headers.count("authorization") != 0 ? ErrorCode::kInvalidToken
                                                                       : ErrorCode::kUnknownApiKey);
    }
  }

  const RateLimit limit = faults_.Get().rate_limit;
  const RateDecision decision = rate_limiter_.Admit(request.principal.credential_id, clock_.Now(), limit);
  if (!decision.allowed) {
    ApiResponse response = ErrorResponse(ErrorCode::kRateLimited);
    AddRateHeaders(response, decision, limit);
    return response;
  }

  ApiResponse response = [&]() -> ApiResponse {
    if (auto error = ParseBody(request)) return *error;
    // Injected latency is real waiting on the base clock, outside the state lock.
    if (auto latency = faults_.Latency(request.method, request.path); latency > Clock::Duration::zero()) {
      clock_.base().SleepFor(latency);
    }
    if (auto status = faults_.Error(request.method, request.path)) {
      ApiResponse error = ErrorResponse(ErrorCode::kInternalError);
      error.status = *status;
      return error;
    }
    return DispatchLocked(match, request);
  }();
  if (request.method != "GET" && response.status >= 200 && response.status < 300 &&
      faults_.Drop(request.method, request.path)) {
    response.drop_connection = true;
  }
  AddRateHeaders(response, decision, limit);
  return response;
}

ApiResponse Emulator::DispatchLocked(const RouteMatch& match, ApiRequest& request) {
  const ZoneConfig* zone = nullptr;
  const AccountConfig* account = nullptr;
  if (match.route->scope == RouteScope::kZone) {
    zone = config_.FindZone(request.params.at("zone_id"));
    if (zone == nullptr) return ErrorResponse(ErrorCode::kUnknownIdentifier);
    if (!CanAccessZone(request.principal, *zone)) {
      return ErrorResponse(ErrorCode::kForbidden, "Authentication error: the credential has no access to this zone");
    }
  } else if (match.route->scope == RouteScope::kAccount) {
    account = config_.FindAccount(request.params.at("account_id"));
    if (account == nullptr) return ErrorResponse(ErrorCode::kUnknownIdentifier);
    if (!CanAccessAccount(request.principal, account->id)) {
      return ErrorResponse(ErrorCode::kForbidden, "Authentication error: the credential has no access to this account");
    }
  }
  if (request.method != "GET" && !request.principal.can_edit) {
    return ErrorResponse(ErrorCode::kForbidden, "Authentication error: the credential has read permission only");
  }
  const bool read_only = request.method == "GET";
  const std::string cache_key = read_only ? ResponseCache::Key(request) : std::string();
  if (read_only) {
    if (auto cached = cache_.Find(cache_key, state_version_.load(), clock_.Now())) return std::move(*cached);
  }
  ApiResponse response;
  std::uint64_t version = 0;
  TimePoint now;
  {
    std::lock_guard<std::mutex> lock(mu_);
    version = state_version_.load();
    now = clock_.Now();
    HandlerContext ctx{state_, config_, faults_, now, request, zone, account};
    response = match.route->handler(ctx);
    if (!read_only) {
      state_version_.fetch_add(1);  // under the lock, before anyone can read what the write did
      if (!state_file_.empty() && response.status >= 200 && response.status < 300) {
        // The write has happened either way; a failed save is the emulator's problem, not the client's.
        if (Status saved = SaveStateFile(state_file_, state_, clock_.Now()); !saved.ok()) {
          spdlog::error("emulator: {}", saved.message());
        }
      }
    }
  }
  if (read_only && response.reusable_until) {
    // Serialized here, outside the state lock, once for every request that gets the same answer.
    response.rendered_body = std::make_shared<const std::string>(response.body.serialize());
    response.body = web::json::value();
    cache_.Put(cache_key, version, now, response);
  }
  return response;
}

Status Emulator::RestoreState(const std::string& path) {
  auto saved = LoadStateFile(path);
  if (!saved.ok()) return saved.status();
  std::lock_guard<std::mutex> lock(mu_);
  state_ = std::move(saved->state);
  state_version_.fetch_add(1);
  clock_.AdvanceTo(saved->clock_now);
  return Status::Ok();
}

Status Emulator::SaveState() {
  if (state_file_.empty()) return FailedPrecondition("the emulator runs without --state");
  std::lock_guard<std::mutex> lock(mu_);
  return SaveStateFile(state_file_, state_, clock_.Now());
}

}  // namespace edgecert::emulator
