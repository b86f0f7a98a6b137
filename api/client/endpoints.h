// KnownEndpoints: every (method, path template) CloudflareClient sends, the label values its observer
// reports. Metrics create their per-endpoint series from this list at start, so a rate() over 429s or
// retries sees the first one. tests/api/client/endpoint_wire_test.cc keeps the list equal to what the
// client sends. Thread-safety: immutable.
#pragma once

#include <span>
#include <string_view>

namespace edgecert::api {

struct EndpointTemplate {
  std::string_view method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string_view path;    // e.g. "/zones/{zone_id}/ssl/certificate_packs"
};

std::span<const EndpointTemplate> KnownEndpoints();

}  // namespace edgecert::api
