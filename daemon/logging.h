// Daemon logging: `--log-format text|json` and `--log-level trace|debug|info|warn|error` turned into an
// spdlog logger. JSON lines come from JsonLogFormatter (valid JSON whatever the message holds). Secrets
// print as "[redacted]" (common/secret.h formats them so). Thread-safety: the logger is thread-safe; the
// run command installs it as spdlog's default so every library logs through it.
#pragma once

#include <CLI/CLI.hpp>
#include <spdlog/logger.h>

#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace edgecert::daemon {

enum class LogFormat { kText, kJson };

struct LogOptions {
  LogFormat format = LogFormat::kText;
  spdlog::level::level_enum level = spdlog::level::info;
  bool color = false;  // text lines on standard error colour their level (run decides: --color, NO_COLOR, TTY)
};

struct LogFlags {
  std::string format = "text";
  std::string level = "info";
};

// Adds --log-format and --log-level (with their allowed values) to `command`.
void AddLogFlags(CLI::App& command, LogFlags& flags);

Result<LogFormat> ParseLogFormat(std::string_view text);
Result<spdlog::level::level_enum> ParseLogLevel(std::string_view text);
Result<LogOptions> ToLogOptions(const LogFlags& flags);

// A logger named `name` writing to `sink` (standard error when null) in the chosen format and level.
std::shared_ptr<spdlog::logger> MakeLogger(const std::string& name, const LogOptions& options,
                                           spdlog::sink_ptr sink = nullptr);

}  // namespace edgecert::daemon
