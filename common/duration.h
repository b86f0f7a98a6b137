// ParseDuration: the one duration grammar of the commands' flags, as in the manifests: a number and a
// unit (ms, s, m, h, d), or several ("1h30m"). A bare number is an error, never silently seconds.
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
