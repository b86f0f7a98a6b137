#include "daemon/json_log_formatter.h"

#include <chrono>
#include <ctime>

#include "common/object_log_fields.h"

namespace edgecert::daemon {
namespace {

void Append(spdlog::memory_buf_t& dest, std::string_view s) { dest.append(s.data(), s.data() + s.size()); }

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 when it is not one.
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = 0;
  unsigned char min_second = 0x80, max_second = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) min_second = 0xA0;  // no overlong forms
    if (c == 0xED) max_second = 0x9F;  // no UTF-16 surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) min_second = 0x90;
    if (c == 0xF4) max_second = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

void AppendTime(std::chrono::system_clock::time_point t, spdlog::memory_buf_t& dest) {
  const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[40];
  const std::size_t n = std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%S", &tm);
  Append(dest, std::string_view(buffer, n));
  char fraction[8];
  std::snprintf(fraction, sizeof(fraction), ".%03dZ", static_cast<int>(millis % 1000));
  Append(dest, fraction);
}

}  // namespace

void AppendJsonString(std::string_view text, spdlog::memory_buf_t& dest) {
  dest.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t n = Utf8SequenceLength(text, i);
      if (n == 0) {
        Append(dest, "\xEF\xBF\xBD");  // U+FFFD: the line must stay valid UTF-8, hence valid JSON
        ++i;
      } else {
        Append(dest, text.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': Append(dest, "\\\""); break;
      case '\\': Append(dest, "\\\\"); break;
      case '\n': Append(dest, "\\n"); break;
      case '\r': Append(dest, "\\r"); break;
      case '\t': Append(dest, "\\t"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char escaped[8];
          std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
          Append(dest, escaped);
        } else {
          dest.push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  dest.push_back('"');
}

void JsonLogFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  Append(dest, "{\"time\":\"");
  AppendTime(msg.time, dest);
  Append(dest, "\",\"level\":");
  const auto level = spdlog::level::to_string_view(msg.level);
  AppendJsonString(std::string_view(level.data(), level.size()), dest);
  Append(dest, ",\"logger\":");
  AppendJsonString(std::string_view(msg.logger_name.data(), msg.logger_name.size()), dest);
  const std::string_view payload(msg.payload.data(), msg.payload.size());
  if (const auto object = ReadObjectLogHead(payload)) {
    Append(dest, ",\"kind\":");
    AppendJsonString(object->kind, dest);
    Append(dest, ",\"name\":");
    AppendJsonString(object->name, dest);
    if (!object->zone.empty()) {
      Append(dest, ",\"zone\":");
      AppendJsonString(object->zone, dest);
    }
    if (!object->remote_id.empty()) {
      Append(dest, ",\"remote_id\":");
      AppendJsonString(object->remote_id, dest);
    }
  }
  Append(dest, ",\"msg\":");
  AppendJsonString(payload, dest);
  Append(dest, "}\n");
}

std::unique_ptr<spdlog::formatter> JsonLogFormatter::clone() const { return std::make_unique<JsonLogFormatter>(); }

}  // namespace edgecert::daemon
