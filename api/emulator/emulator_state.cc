#include "api/emulator/emulator_state.h"

namespace edgecert::emulator {

std::string EmulatorState::NewToken(std::size_t length) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    std::uint64_t bits = rng();
    for (int i = 0; i < 16 && out.size() < length; ++i, bits >>= 4) out += kHex[bits & 0xf];
  }
  return out;
}

std::string EmulatorState::NewId() { return NewToken(32); }

std::string EmulatorState::NewUuid() {
  std::string hex = NewToken(32);
  hex[12] = '4';                                                        // version 4
  hex[16] = "89ab"[(hex[16] - (hex[16] >= 'a' ? 'a' - 10 : '0')) & 3];  // RFC 4122 variant
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

std::uint64_t EmulatorState::Record(TimePoint at, const std::string& credential, std::string kind, std::string action,
                                    std::string id, std::string scope_id, web::json::value object) {
  HistoryEntry entry;
  entry.seq = next_seq++;
  entry.at = at;
  entry.credential = credential;
  entry.kind = std::move(kind);
  entry.action = std::move(action);
  entry.id = std::move(id);
  entry.scope_id = std::move(scope_id);
  entry.object = std::move(object);
  history.push_back(std::move(entry));
  return history.back().seq;
}

}  // namespace edgecert::emulator
