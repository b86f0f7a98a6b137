// ParseDuration: the duration flags of the commands ("500ms", "90s", "90" (seconds), "30m", "2h").
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace edgecert {

// nullopt when malformed or negative.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

// Whole seconds of `d`, rounded towards zero (for log lines and messages).
template <typename Rep, typename Period>
long long WholeSeconds(std::chrono::duration<Rep, Period> d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

}  // namespace edgecert
