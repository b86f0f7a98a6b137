// Usage errors of the command line: exit status 2 and, for a mistyped sub-command or flag, the nearest
// known spelling ("did you mean apply?"). Pure functions over the names CLI11 knows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgecert::daemon {

inline constexpr int kUsageExitCode = 2;

// The known name closest to `typed` (edit distance at most 2, or a third of its length), if any.
std::optional<std::string> NearestName(std::string_view typed, const std::vector<std::string>& known);

// "did you mean ..." lines for each word of `extras` (what CLI11 could not place) that is close to a
// sub-command or an option name of `known`.
std::string DidYouMean(const std::vector<std::string>& extras, const std::vector<std::string>& known);

}  // namespace edgecert::daemon
