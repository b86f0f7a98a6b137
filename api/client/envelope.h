// The Cloudflare v4 response envelope: {success, errors[], messages[], result, result_info}.
// DecodeEnvelope turns any body, however hostile (not JSON, invalid UTF-8, absurdly nested, wrong
// shapes), into either an Envelope or a Status saying what was wrong; it never throws.
// Thread-safety: plain values and a pure function.
#pragma once

#include <cpprest/json.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace edgecert::api {

struct ApiMessage {
  std::int64_t code = 0;
  std::string message;
};

struct ResultInfo {
  std::optional<std::int64_t> page;
  std::optional<std::int64_t> per_page;
  std::optional<std::int64_t> count;
  std::optional<std::int64_t> total_count;
  std::optional<std::int64_t> total_pages;
};

struct Envelope {
  bool success = false;
  std::vector<ApiMessage> errors;
  std::vector<ApiMessage> messages;
  web::json::value result;  // null when absent
  std::optional<ResultInfo> result_info;
};

// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

// Parses a response body. Errors are kInternal with a message that quotes no part of the body.
Result<Envelope> DecodeEnvelope(std::string_view body);

// "[1003] Invalid or missing zone id; [1210] ..." for error messages.
std::string FormatApiMessages(const std::vector<ApiMessage>& messages);

}  // namespace edgecert::api
