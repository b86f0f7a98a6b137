#include "daemon/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "daemon/json_log_formatter.h"

namespace edgecert::daemon {

void AddLogFlags(CLI::App& command, LogFlags& flags) {
  command.add_option("--log-format", flags.format, "Log lines as text or json (one JSON object per line)")
      ->check(CLI::IsMember({"text", "json"}));
  command.add_option("--log-level", flags.level, "Least severe level logged: trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
}

Result<LogFormat> ParseLogFormat(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return InvalidArgument("log format must be text or json, not \"" + std::string(text) + "\"");
}

Result<spdlog::level::level_enum> ParseLogLevel(std::string_view text) {
  if (text == "trace") return spdlog::level::trace;
  if (text == "debug") return spdlog::level::debug;
  if (text == "info") return spdlog::level::info;
  if (text == "warn") return spdlog::level::warn;
  if (text == "error") return spdlog::level::err;
  return InvalidArgument("log level must be trace, debug, info, warn or error, not \"" + std::string(text) + "\"");
}

Result<LogOptions> ToLogOptions(const LogFlags& flags) {
  auto format = ParseLogFormat(flags.format);
  if (!format.ok()) return format.status();
  auto level = ParseLogLevel(flags.level);
  if (!level.ok()) return level.status();
  return LogOptions{*format, *level};
}

std::shared_ptr<spdlog::logger> MakeLogger(const std::string& name, const LogOptions& options,
                                           spdlog::sink_ptr sink) {
  if (!sink && options.color && options.format == LogFormat::kText) {
    auto colored = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(spdlog::color_mode::always);
    sink = std::move(colored);
  }
  if (!sink) sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  if (options.format == LogFormat::kJson) {
    sink->set_formatter(std::make_unique<JsonLogFormatter>());
  } else {
    // UTC, like the JSON lines and every time edgecert prints.
    sink->set_formatter(std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v",
                                                                    spdlog::pattern_time_type::utc));
  }
  auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
  logger->set_level(options.level);
  // Errors reach the terminal or journal at once, even when the process dies right after.
  logger->flush_on(spdlog::level::warn);
  return logger;
}

}  // namespace edgecert::daemon
