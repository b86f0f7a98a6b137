#include "api/client/client_stack.h"

namespace edgecert::api {

std::string ResolveApiBaseUrl(const std::string& flag_value, const Environment& env) {
  if (!flag_value.empty()) return flag_value;
  if (auto it = env.find("EDGECERT_API_URL"); it != env.end() && !it->second.empty()) return it->second;
  return kDefaultApiUrl;
}

Result<std::unique_ptr<ClientStack>> ClientStack::Create(const ClientStackOptions& options,
                                                         const Environment& env, Clock& clock,
                                                         ClientObserver& observer,
                                                         std::shared_ptr<spdlog::logger> logger) {
  auto credentials = Credentials::FromEnvironment(env);
  if (!credentials.ok()) return credentials.status();
  auto transport = CpprestTransport::Create(options.transport);
  if (!transport.ok()) return transport.status();

  std::unique_ptr<ClientStack> stack(new ClientStack());
  stack->transport_ = std::move(transport).value();
  stack->budget_ = std::make_unique<RateBudget>(clock, options.budget);
  stack->retry_ = std::make_unique<RetryPolicy>(options.retry);
  HttpTransport* transport_used = stack->transport_.get();
  if (options.write_gate) {
    stack->gated_ = std::make_unique<GatedTransport>(*stack->transport_, options.write_gate);
    transport_used = stack->gated_.get();
  }
  stack->caller_ = std::make_unique<ApiCaller>(*transport_used, std::move(credentials).value(),
                                               *stack->budget_, *stack->retry_, clock, observer,
                                               std::move(logger), options.caller);
  stack->client_ = std::make_unique<CloudflareClient>(*stack->caller_);
  return stack;
}

}  // namespace edgecert::api
