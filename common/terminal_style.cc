#include "common/terminal_style.h"

#include <unistd.h>

#include <cstdlib>

namespace edgecert {

std::optional<ColorMode> ParseColorMode(std::string_view text) {
  if (text == "auto") return ColorMode::kAuto;
  if (text == "always") return ColorMode::kAlways;
  if (text == "never") return ColorMode::kNever;
  return std::nullopt;
}

TerminalStyle TerminalStyle::Decide(ColorMode mode, bool is_terminal, const char* no_color) {
  switch (mode) {
    case ColorMode::kAlways:
      return TerminalStyle(true);
    case ColorMode::kNever:
      return TerminalStyle(false);
    case ColorMode::kAuto:
      break;
  }
  const bool no_color_set = no_color != nullptr && no_color[0] != '\0';
  return TerminalStyle(is_terminal && !no_color_set);
}

TerminalStyle TerminalStyle::ForFd(ColorMode mode, int fd) {
  return Decide(mode, ::isatty(fd) == 1, std::getenv("NO_COLOR"));
}

std::string TerminalStyle::Wrap(std::string_view sgr, std::string_view text) const {
  if (!enabled_ || text.empty()) return std::string(text);
  std::string out = "\033[";
  out.append(sgr).append("m").append(text).append("\033[0m");
  return out;
}

}  // namespace edgecert
