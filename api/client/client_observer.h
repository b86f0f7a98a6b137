// ClientObserver: metrics hooks the client calls for every request; the daemon wires them to
// Prometheus. Labels are low-cardinality by construction: `endpoint` is the path template
// ("/zones/{zone_id}/ssl/certificate_packs"), never a path with ids; nothing here carries a secret.
// Thread-safety: the client calls an observer from many threads at once; implementations must cope.
#pragma once

#include <string_view>

#include "common/clock.h"

namespace edgecert::api {

class ClientObserver {
 public:
  virtual ~ClientObserver() = default;

  // One HTTP attempt is about to be sent.
  virtual void OnRequestStarted(std::string_view /*method*/, std::string_view /*endpoint*/) {}
  // One HTTP attempt ended. `status_code` is 0 when no HTTP response arrived (transport failure).
  virtual void OnRequestFinished(std::string_view /*method*/, std::string_view /*endpoint*/,
                                 int /*status_code*/, Clock::Duration /*latency*/) {}
  // A call waited this long for the shared rate budget (only reported when it waited).
  virtual void OnBudgetWait(Clock::Duration /*waited*/) {}
  // The API answered 429; `retry_after` is zero when the response named no delay.
  virtual void OnRateLimited(std::string_view /*method*/, std::string_view /*endpoint*/,
                             Clock::Duration /*retry_after*/) {}
  // A failed attempt will be retried after `backoff`; `attempt` is the 1-based try that failed.
  virtual void OnRetry(std::string_view /*method*/, std::string_view /*endpoint*/, int /*attempt*/,
                       Clock::Duration /*backoff*/) {}
};

// The observer used when the caller wires none.
class NullClientObserver final : public ClientObserver {};

}  // namespace edgecert::api
