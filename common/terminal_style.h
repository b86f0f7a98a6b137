// TerminalStyle: the colours of human output (plan markers, apply's outcome, validate's errors, log
// levels). Decided once per stream: `--color always` colours; `never`, a set NO_COLOR
// (https://no-color.org) or a stream that is not a terminal (piped, redirected) give plain text. Plain
// is the default, so output for machines and files never holds escape codes. A value type.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edgecert {

enum class ColorMode { kAuto, kAlways, kNever };

// "auto", "always", "never"; nullopt otherwise.
std::optional<ColorMode> ParseColorMode(std::string_view text);

class TerminalStyle {
 public:
  TerminalStyle() = default;  // plain
  // `no_color`: the NO_COLOR variable's value (null when unset; set and empty counts as unset).
  static TerminalStyle Decide(ColorMode mode, bool is_terminal, const char* no_color);
  // For file descriptor `fd` of this process: isatty(fd) and NO_COLOR from the environment.
  static TerminalStyle ForFd(ColorMode mode, int fd);

  bool enabled() const { return enabled_; }
  std::string Green(std::string_view text) const { return Wrap("32", text); }
  std::string Yellow(std::string_view text) const { return Wrap("33", text); }
  std::string Red(std::string_view text) const { return Wrap("31", text); }
  std::string Cyan(std::string_view text) const { return Wrap("36", text); }
  std::string Bold(std::string_view text) const { return Wrap("1", text); }

 private:
  explicit TerminalStyle(bool enabled) : enabled_(enabled) {}
  std::string Wrap(std::string_view sgr, std::string_view text) const;

  bool enabled_ = false;
};

}  // namespace edgecert
