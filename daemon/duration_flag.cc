#include "daemon/duration_flag.h"

#include <spdlog/fmt/fmt.h>

#include "common/duration.h"

namespace edgecert::daemon {

CLI::Validator DurationValidator(std::chrono::milliseconds minimum) {
  return CLI::Validator(
      [minimum](std::string& value) -> std::string {
        const auto parsed = ParseDuration(value);
        if (!parsed) {
          return fmt::format("\"{}\" is not a duration: write a number and a unit (500ms, 90s, 30m, 2h, 1d)", value);
        }
        if (*parsed < minimum)
          return fmt::format("\"{}\" is shorter than the least allowed, {} ms", value, minimum.count());
        return "";
      },
      "DURATION");
}

}  // namespace edgecert::daemon
