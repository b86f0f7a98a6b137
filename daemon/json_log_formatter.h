// JsonLogFormatter: an spdlog formatter writing one JSON object per line:
// {"time":"2026-01-01T00:00:00.123Z","level":"info","logger":"edgecert","msg":"..."}; a line about one
// object ("Kind/name zone=Z id=I: ...", common/object_log_fields.h) also carries "kind", "name", "zone"
// and "remote_id" (the last two when known) before "msg". The message is
// escaped (quotes, backslashes, control characters; invalid UTF-8 becomes U+FFFD), so every line parses
// whatever the message holds. Thread-safety: spdlog calls a formatter under its sink's lock.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string_view>

namespace edgecert::daemon {

class JsonLogFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

// Appends `text` as a JSON string (with its quotes) to `dest`.
void AppendJsonString(std::string_view text, spdlog::memory_buf_t& dest);

}  // namespace edgecert::daemon
