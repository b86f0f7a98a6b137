// Secret: a string that must never reach a log, metric, status page or error message.
// Its only way out is Reveal(), which call sites use where the value goes on the wire or to OpenSSL.
#pragma once

#include <fmt/format.h>

#include <ostream>
#include <string>
#include <utility>

namespace edgecert {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

  // Printing a Secret prints a placeholder, so an accidental log line leaks nothing.
  friend std::ostream& operator<<(std::ostream& os, const Secret&) { return os << "[redacted]"; }

 private:
  std::string value_;
};

}  // namespace edgecert

// fmt (and so spdlog) prints a Secret as the same placeholder: `logger->info("token {}", secret)` leaks nothing.
template <>
struct fmt::formatter<edgecert::Secret> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(const edgecert::Secret&, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format("[redacted]", ctx);
  }
};
