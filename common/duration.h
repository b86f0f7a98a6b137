// ParseDuration: the duration flags of the commands ("500ms", "90s", "90" (seconds), "30m", "2h").
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace edgecert {

// nullopt when malformed or negative.
std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text);

}  // namespace edgecert
