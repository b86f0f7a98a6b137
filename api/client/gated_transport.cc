#include "api/client/gated_transport.h"

namespace edgecert::api {

TransportResult GatedTransport::Send(const HttpRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    // Checked as late as possible, right before the request goes out.
    if (Status allowed = gate_(); !allowed.ok()) {
      return TransportFailure{TransportFailure::Kind::kConnectFailed, false,
                              "write not sent: " + allowed.message()};
    }
  }
  return inner_.Send(request);
}

}  // namespace edgecert::api
