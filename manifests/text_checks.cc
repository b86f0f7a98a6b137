#include "manifests/text_checks.h"

#include <cstdint>

namespace edgecert::manifests {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not valid (overlong forms,
// surrogates and code points past U+10FFFF included).
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  std::uint8_t b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t n;
  std::uint32_t cp;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

std::optional<Diagnostic> CheckManifestText(std::string_view text, const std::string& file) {
  // A NUL anywhere marks a binary file, even when invalid UTF-8 comes first (e.g. a PNG header).
  bool binary = text.find('\0') != std::string_view::npos;
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      return Diagnostic{{file, line, column}, "", "", "binary file (NUL byte); manifests must be UTF-8 text"};
    }
    if (binary) {
      if (text[i] == '\n') ++line, column = 0;
      ++column;
      ++i;
      continue;
    }
    std::size_t n = Utf8SequenceLength(text, i);
    if (n == 0) {
      return Diagnostic{{file, line, column}, "", "", "invalid UTF-8; manifests must be UTF-8 text"};
    }
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += n;
  }
  return std::nullopt;
}

void NormalizeLineBreaks(std::string& text) {
  std::size_t out = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      text[out++] = text[i];
      continue;
    }
    text[out++] = '\n';
    if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
  }
  text.resize(out);
}

}  // namespace edgecert::manifests
