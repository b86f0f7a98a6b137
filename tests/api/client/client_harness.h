// ClientHarness: a real CpprestTransport + ApiCaller + CloudflareClient pointed at a base URL, on a
// FakeClock (backoffs and Retry-After waits advance it instead of sleeping), with a recording
// observer and a log sink the test can read.
#pragma once

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "api/client/api_caller.h"
#include "api/client/client_observer.h"
#include "api/client/cloudflare_client.h"
#include "api/client/cpprest_transport.h"
#include "api/client/rate_budget.h"
#include "api/client/retry_policy.h"
#include "common/clock.h"

namespace edgecert::api::testing {

class RecordingObserver final : public ClientObserver {
 public:
  void OnRequestStarted(std::string_view method, std::string_view endpoint) override {
    Add("start " + std::string(method) + " " + std::string(endpoint));
  }
  void OnRequestFinished(std::string_view method, std::string_view endpoint, int status,
                         Clock::Duration) override {
    Add("finish " + std::string(method) + " " + std::string(endpoint) + " " + std::to_string(status));
  }
  void OnBudgetWait(Clock::Duration waited) override {
    Add("budget_wait " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(waited).count()));
  }
  void OnRateLimited(std::string_view method, std::string_view endpoint, Clock::Duration ra) override {
    Add("rate_limited " + std::string(method) + " " + std::string(endpoint) + " " +
        std::to_string(std::chrono::duration_cast<std::chrono::seconds>(ra).count()));
  }
  void OnRetry(std::string_view method, std::string_view endpoint, int attempt, Clock::Duration) override {
    Add("retry " + std::string(method) + " " + std::string(endpoint) + " " + std::to_string(attempt));
  }

  std::vector<std::string> events() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  int Count(const std::string& prefix) const {
    int n = 0;
    for (const auto& e : events()) n += e.rfind(prefix, 0) == 0 ? 1 : 0;
    return n;
  }

 private:
  void Add(std::string e) {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(std::move(e));
  }
  mutable std::mutex mu_;
  std::vector<std::string> events_;
};

struct HarnessOptions {
  Credentials credentials = Credentials::ApiToken(Secret("test-token-0123456789"));
  CpprestTransportOptions transport;
  RateBudgetOptions budget;
  RetryPolicyOptions retry{.max_attempts = 3, .base_delay = std::chrono::milliseconds(100),
                           .max_delay = std::chrono::seconds(2), .seed = 1};
  ApiCallerOptions caller;
};

class ClientHarness {
 public:
  // `shared_clock`: use this clock instead of the harness's own (e.g. one shared with an emulator).
  ClientHarness(const std::string& base_url, HarnessOptions options = {}, FakeClock* shared_clock = nullptr)
      : clock_ref_(shared_clock != nullptr ? *shared_clock : own_clock_),
        budget_(clock_ref_, options.budget),
        retry_(options.retry) {
    options.transport.base_url = base_url;
    auto t = CpprestTransport::Create(options.transport);
    if (!t.ok()) throw std::runtime_error(t.status().ToString());
    transport_ = std::move(t).value();
    log_sink_ = std::make_shared<spdlog::sinks::ostream_sink_mt>(log_stream_);
    logger_ = std::make_shared<spdlog::logger>("client-test", log_sink_);
    logger_->set_level(spdlog::level::trace);
    caller_ = std::make_unique<ApiCaller>(*transport_, options.credentials, budget_, retry_, clock_ref_,
                                          observer_, logger_, options.caller);
    client_ = std::make_unique<CloudflareClient>(*caller_);
  }

  CloudflareClient& client() { return *client_; }
  ApiCaller& caller() { return *caller_; }
  FakeClock& clock() { return clock_ref_; }
  RateBudget& budget() { return budget_; }
  RecordingObserver& observer() { return observer_; }
  std::string logs() {
    logger_->flush();
    return log_stream_.str();
  }

 private:
  FakeClock own_clock_;
  FakeClock& clock_ref_;
  RateBudget budget_;
  RetryPolicy retry_;
  RecordingObserver observer_;
  std::ostringstream log_stream_;
  std::shared_ptr<spdlog::sinks::ostream_sink_mt> log_sink_;
  std::shared_ptr<spdlog::logger> logger_;
  std::unique_ptr<CpprestTransport> transport_;
  std::unique_ptr<ApiCaller> caller_;
  std::unique_ptr<CloudflareClient> client_;
};

}  // namespace edgecert::api::testing
