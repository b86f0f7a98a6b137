// "Did you mean" hints: the closest candidate by edit distance, when it is close enough to be a typo.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgecert::manifests {

// Levenshtein distance, case-insensitive.
std::size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when within max(2, |word| / 3) edits; ties go to the earlier candidate.
std::optional<std::string> ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c": used in "allowed: ..." messages.
std::string JoinList(const std::vector<std::string>& items);

}  // namespace edgecert::manifests
