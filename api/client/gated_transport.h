// GatedTransport: an HttpTransport that sends a write (any method but GET and HEAD) only while a gate
// allows it, else fails it as "certainly not sent". Run uses it so an instance that does not lead (or
// can no longer prove it does) sends no API write. Thread-safety: as the wrapped transport; the gate
// must be thread-safe.
#pragma once

#include <functional>

#include "api/client/http_transport.h"
#include "common/status.h"

namespace edgecert::api {

// OK to write, or why not ("this instance does not lead").
using WriteGate = std::function<Status()>;

class GatedTransport final : public HttpTransport {
 public:
  GatedTransport(HttpTransport& inner, WriteGate gate) : inner_(inner), gate_(std::move(gate)) {}
  TransportResult Send(const HttpRequest& request) override;

 private:
  HttpTransport& inner_;
  const WriteGate gate_;
};

}  // namespace edgecert::api
