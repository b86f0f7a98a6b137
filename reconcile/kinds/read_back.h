// Comparison "as the API reads back": the API returns hosts in its own order and case, adds the apex,
// and omits fields that hold their default. Comparing raw values would plan replacements of paid
// packs over differences that are not real, so every diff goes through these helpers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace edgecert::reconcile {

// Lowercased, trailing dot removed, surrounding whitespace trimmed.
std::string NormalizeHostname(std::string_view host);

// Sorted, de-duplicated normalized hostnames.
std::vector<std::string> NormalizeHostSet(const std::vector<std::string>& hosts);

// True when both lists name the same set of hosts (order, case, duplicates and a trailing dot ignored).
bool SameHostSet(const std::vector<std::string>& a, const std::vector<std::string>& b);

// A boolean the API omits when it holds its default: absent equals `default_value`.
bool SameOptionalBool(std::optional<bool> a, std::optional<bool> b, bool default_value);

// "a.example.com,b.example.com" for plans and logs, in normalized order.
std::string JoinHostSet(const std::vector<std::string>& hosts);

}  // namespace edgecert::reconcile
