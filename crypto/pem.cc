// Text-level PEM helpers: canonical form for comparison and private key block detection.
// They never call OpenSSL, so they accept any text and cannot fail.
#include <array>
#include <optional>
#include <string>

#include "crypto/x509.h"

namespace edgecert::crypto {
namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";
constexpr std::size_t kMaxLabel = 64;
constexpr std::string_view kBase64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Newlines escaped as the two characters '\' 'n' (JSON, YAML flow scalars, env vars) become real ones.
std::string Unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'r')) {
      if (text[i + 1] == 'n') out += '\n';
      ++i;
    } else if (text[i] != '\r') {
      out += text[i];
    }
  }
  return out;
}

std::optional<std::string> DecodeBase64(std::string_view text) {
  std::array<int, 256> values;
  values.fill(-1);
  for (std::size_t i = 0; i < kBase64.size(); ++i) values[static_cast<unsigned char>(kBase64[i])] = static_cast<int>(i);
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned int buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v = values[static_cast<unsigned char>(c)];
    if (v < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned int>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  if (bits >= 6) return std::nullopt;  // one dangling character cannot encode a byte
  return out;
}

std::string EncodeBase64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned int chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) chunk |= static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64[(chunk >> 18) & 63];
    out += kBase64[(chunk >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64[(chunk >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kBase64[chunk & 63] : '=';
  }
  return out;
}

// Canonical body: header lines ("Proc-Type: ...") kept trimmed, then base64 re-encoded in 64-column
// lines. Undecodable bodies keep their characters, whitespace removed, in the same layout.
std::string CanonicalBody(std::string_view body) {
  std::string headers;
  std::string base64;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = Trim(body.substr(start, end - start));
    if (line.find(':') != std::string_view::npos) {
      headers.append(line).append("\n");
    } else {
      for (char c : line) {
        if (!IsSpace(c)) base64 += c;
      }
    }
    start = end + 1;
  }
  if (auto decoded = DecodeBase64(base64)) base64 = EncodeBase64(*decoded);
  std::string out = headers;
  if (!headers.empty()) out += '\n';
  for (std::size_t i = 0; i < base64.size(); i += 64) out.append(base64, i, 64).append("\n");
  return out;
}

}  // namespace

std::string NormalizePem(std::string_view pem) {
  std::string text = Unescape(pem);
  std::string out;
  std::size_t cursor = 0;
  bool found_block = false;
  while (true) {
    std::size_t begin = text.find(kBegin, cursor);
    if (begin == std::string::npos) break;
    std::size_t label_start = begin + kBegin.size();
    std::size_t label_end = text.find(kDashes, label_start);
    if (label_end == std::string::npos || label_end - label_start > kMaxLabel) break;
    std::string label(Trim(std::string_view(text).substr(label_start, label_end - label_start)));
    std::string end_marker = std::string(kEnd) + label + std::string(kDashes);
    std::size_t body_start = label_end + kDashes.size();
    std::size_t end = text.find(end_marker, body_start);
    if (end == std::string::npos) break;  // a truncated block: kept verbatim below
    found_block = true;
    out += std::string(kBegin) + label + std::string(kDashes) + "\n";
    out += CanonicalBody(std::string_view(text).substr(body_start, end - body_start));
    out += end_marker + "\n";
    cursor = end + end_marker.size();
  }
  if (!found_block) return std::string(Trim(pem));
  // Text between blocks (OpenSSL's "subject=" lines, comments) does not change what the PEM means.
  std::string_view rest = Trim(std::string_view(text).substr(cursor));
  if (rest.find(kBegin) != std::string_view::npos) out.append(rest).append("\n");
  return out;
}

bool ContainsPrivateKeyBlock(std::string_view text) {
  constexpr std::string_view kBeginNoSpace = "-----BEGIN";
  constexpr std::string_view kPrivateKey = "PRIVATE KEY";
  std::size_t cursor = 0;
  while ((cursor = text.find(kBeginNoSpace, cursor)) != std::string_view::npos) {
    std::size_t label_start = cursor + kBeginNoSpace.size();
    std::size_t label_end = text.find(kDashes, label_start);
    if (label_end == std::string_view::npos) return false;
    if (label_end - label_start <= kMaxLabel) {
      std::string_view label = Trim(text.substr(label_start, label_end - label_start));
      // RSA, EC, DSA, ENCRYPTED, OPENSSH, plain PKCS#8: every private key label ends the same way.
      if (label.size() >= kPrivateKey.size() && label.substr(label.size() - kPrivateKey.size()) == kPrivateKey) {
        return true;
      }
    }
    cursor = label_start;
  }
  return false;
}

}  // namespace edgecert::crypto
