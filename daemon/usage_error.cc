#include "daemon/usage_error.h"

#include <algorithm>

namespace edgecert::daemon {
namespace {

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string> NearestName(std::string_view typed, const std::vector<std::string>& known) {
  const std::string_view value = typed.substr(0, typed.find('='));  // --flag=value
  const std::size_t limit = std::max<std::size_t>(2, value.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& name : known) {
    const std::size_t d = EditDistance(value, name);
    if (d < best_distance) {
      best_distance = d;
      best = name;
    }
  }
  return best;
}

std::string DidYouMean(const std::vector<std::string>& extras, const std::vector<std::string>& known) {
  std::string out;
  for (const auto& extra : extras) {
    if (auto near = NearestName(extra, known); near && *near != extra) {
      out += "  " + extra + ": did you mean " + *near + "?\n";
    }
  }
  return out;
}

}  // namespace edgecert::daemon
