// ClientStack: owns one wired client (transport, rate budget, retry policy, caller, typed client)
// built from configuration and the environment; what the daemon and end-to-end tests construct.
// Thread-safety: the parts it hands out are thread-safe; construct and destroy from one thread.
#pragma once

#include <memory>
#include <string>

#include "api/client/api_caller.h"
#include "api/client/client_observer.h"
#include "api/client/cloudflare_client.h"
#include "api/client/cpprest_transport.h"
#include "api/client/gated_transport.h"
#include "api/client/credentials.h"
#include "api/client/rate_budget.h"
#include "api/client/retry_policy.h"
#include "common/clock.h"

namespace edgecert::api {

inline constexpr const char* kDefaultApiUrl = "https://api.cloudflare.com/client/v4";

// The API base URL: the --api-url flag when given, else EDGECERT_API_URL, else the real API.
std::string ResolveApiBaseUrl(const std::string& flag_value, const Environment& env);

struct ClientStackOptions {
  CpprestTransportOptions transport;  // base_url included
  RateBudgetOptions budget;
  RetryPolicyOptions retry;
  ApiCallerOptions caller;
  // Set: every API write first asks it (gated_transport.h); run's leader election closes it.
  WriteGate write_gate;
};

class ClientStack {
 public:
  // Fails with a message naming the variable to set when the credentials are missing or malformed.
  static Result<std::unique_ptr<ClientStack>> Create(const ClientStackOptions& options,
                                                     const Environment& env, Clock& clock,
                                                     ClientObserver& observer,
                                                     std::shared_ptr<spdlog::logger> logger);

  CloudflareClient& client() { return *client_; }
  RateBudget& budget() { return *budget_; }
  // Every call from now on authenticates with `credentials` (a rotated token file).
  void ReplaceCredentials(Credentials credentials) { caller_->ReplaceCredentials(std::move(credentials)); }

 private:
  ClientStack() = default;
  std::unique_ptr<CpprestTransport> transport_;
  std::unique_ptr<GatedTransport> gated_;  // null without a write gate
  std::unique_ptr<RateBudget> budget_;
  std::unique_ptr<RetryPolicy> retry_;
  std::unique_ptr<ApiCaller> caller_;
  std::unique_ptr<CloudflareClient> client_;
};

}  // namespace edgecert::api
