// `--color auto|always|never` for the commands that print for people (plan, apply, validate and
// run's text logs), and the TerminalStyle it gives for a stream (common/terminal_style.h says when).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "common/terminal_style.h"

namespace edgecert::daemon {

// Adds --color (auto, always or never; default auto) to `command`, storing into `mode`.
void AddColorFlag(CLI::App& command, std::string& mode);

// The style for file descriptor `fd` under `mode` (a value the flag accepted; anything else is auto).
TerminalStyle StyleFor(const std::string& mode, int fd);

}  // namespace edgecert::daemon
