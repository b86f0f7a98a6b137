// Reads the Prometheus text format back into "name{labels}" -> value, so tests check series by name.
#pragma once

#include <map>
#include <sstream>
#include <string>

namespace edgecert::daemon::testing {

inline std::map<std::string, double> ParseMetricsText(const std::string& text) {
  std::map<std::string, double> series;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    series[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return series;
}

}  // namespace edgecert::daemon::testing
