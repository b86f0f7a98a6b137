#include "common/duration.h"

#include <charconv>

namespace edgecert {

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  using std::chrono::milliseconds;
  constexpr long long kMaxMs = 100LL * 365 * 86'400'000;  // a century: far from overflow
  if (text.empty()) return std::nullopt;
  long long total = 0;
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  while (p != end) {
    long long n = 0;
    auto [after, ec] = std::from_chars(p, end, n);
    if (ec != std::errc() || after == p || n < 0 || after == end) return std::nullopt;  // a bare number too
    long long unit = 0;
    if (end - after >= 2 && after[0] == 'm' && after[1] == 's') {
      unit = 1;
      after += 2;
    } else {
      switch (*after++) {
        case 's':
          unit = 1000;
          break;
        case 'm':
          unit = 60'000;
          break;
        case 'h':
          unit = 3'600'000;
          break;
        case 'd':
          unit = 86'400'000;
          break;
        default:
          return std::nullopt;
      }
    }
    if (n > kMaxMs / unit) return std::nullopt;
    total += n * unit;
    if (total > kMaxMs) return std::nullopt;
    p = after;
  }
  return milliseconds(total);
}

}  // namespace edgecert
