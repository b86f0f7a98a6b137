// The fault plan of the emulator: injected 5xx errors, latency, commit-then-drop, the per-credential
// rate limit and validation timeouts. Plain values, converted to and from the admin JSON.
// Thread-safety: plain values.
#pragma once

#include <cpprest/json.h>

#include <string>
#include <vector>

#include "common/status.h"

namespace edgecert::emulator {

// `route` is a glob ('*' matches any run of characters) over the path below /client/v4;
// `method` empty matches every method. `remaining` < 0 means unlimited, otherwise the fault fires that
// many more times (a rate of 1 with remaining 1 fails exactly the next matching request).
struct ErrorFault {
  std::string route = "*";
  std::string method;
  double rate = 0;
  int status = 503;
  int remaining = -1;
};

struct LatencyFault {
  std::string route = "*";
  std::string method;
  int min_ms = 0;
  int max_ms = 0;  // uniform between min and max
};

// Only writes (POST, PUT, PATCH, DELETE) are dropped: the write is committed, then the connection closes.
struct DropFault {
  std::string route = "*";
  std::string method;
  double rate = 0;
  int remaining = -1;
};

// Packs and custom hostnames with a host matching `pattern` end in validation_timed_out. `attempts` is
// the number of validation attempts that time out (0: every attempt).
struct ValidationTimeout {
  std::string pattern;
  int attempts = 0;
};

struct RateLimit {
  int requests = 1200;  // 0 disables the limit
  int window_seconds = 300;
};

struct FaultConfig {
  std::vector<ErrorFault> errors;
  std::vector<LatencyFault> latency;
  std::vector<DropFault> drops;
  std::vector<ValidationTimeout> validation_timeouts;
  RateLimit rate_limit;
};

web::json::value FaultConfigToJson(const FaultConfig& config);
// Parses the admin JSON; fields left out keep their defaults (so {} clears every fault).
Result<FaultConfig> FaultConfigFromJson(const web::json::value& json);

// '*' matches any run of characters (including none); everything else matches itself, case-insensitively.
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace edgecert::emulator
