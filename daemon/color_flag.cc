#include "daemon/color_flag.h"

namespace edgecert::daemon {

void AddColorFlag(CLI::App& command, std::string& mode) {
  command
      .add_option("--color", mode, "Colour human output: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
}

TerminalStyle StyleFor(const std::string& mode, int fd) {
  return TerminalStyle::ForFd(ParseColorMode(mode).value_or(ColorMode::kAuto), fd);
}

}  // namespace edgecert::daemon
