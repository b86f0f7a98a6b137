// Duration flags: every flag that takes a duration is checked by CLI11 against the one duration grammar
// (common/duration.h) while the command line is parsed, so "--resync 5x" or "--timeout 10" is a usage
// error (exit 2) that names the flag, like any other bad flag value, not a failure of the command.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>

namespace edgecert::daemon {

// Accepts "500ms", "90s", "30m", "2h", "1d", "1h30m"; at least `minimum` long.
CLI::Validator DurationValidator(std::chrono::milliseconds minimum = std::chrono::milliseconds(0));

}  // namespace edgecert::daemon
