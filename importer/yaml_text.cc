#include "importer/yaml_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>

#include "manifests/objects.h"

namespace edgecert::importer {
namespace {

bool IsPlainSafe(std::string_view text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.front()))) return false;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '.' && c != '_' && c != '-' && c != '/') return false;
  }
  // Words YAML 1.1 readers take for booleans or null.
  static constexpr std::array<std::string_view, 12> kWords = {"true", "false", "yes",  "no", "on",  "off",
                                                              "y",    "n",     "null", "~",  "nan", "inf"};
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kWords.begin(), kWords.end(), lower) == kWords.end();
}

}  // namespace

std::string YamlScalar(std::string_view text) {
  if (IsPlainSafe(text)) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void YamlText::Line(int indent, std::string_view content) {
  text_.append(static_cast<std::size_t>(indent) * 2, ' ');
  text_.append(content);
  text_ += '\n';
}

void YamlText::Comment(std::string_view text, int indent) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    Line(indent, line.empty() ? "#" : "# " + std::string(line));
    start = end + 1;
  }
}

void YamlText::BeginDocument(std::string_view kind, std::string_view name) {
  if (started_) Line(0, "---");
  started_ = true;
  Line(0, "apiVersion: " + std::string(manifests::kApiVersion));
  Line(0, "kind: " + std::string(kind));
  Line(0, "metadata:");
  Line(1, "name: " + YamlScalar(name));
  Line(0, "spec:");
}

void YamlText::String(int indent, std::string_view key, std::string_view value, std::string_view comment) {
  std::string line = std::string(key) + ": " + YamlScalar(value);
  if (!comment.empty()) line += "   # " + std::string(comment);
  Line(indent, line);
}

void YamlText::Int(int indent, std::string_view key, long long value) {
  Line(indent, std::string(key) + ": " + std::to_string(value));
}

void YamlText::Bool(int indent, std::string_view key, bool value) {
  Line(indent, std::string(key) + ": " + (value ? "true" : "false"));
}

void YamlText::List(int indent, std::string_view key, const std::vector<std::string>& values) {
  std::string line = std::string(key) + ": [";
  for (std::size_t i = 0; i < values.size(); ++i) line += (i ? ", " : "") + YamlScalar(values[i]);
  Line(indent, line + "]");
}

void YamlText::Map(int indent, std::string_view key, const std::map<std::string, std::string>& values) {
  if (values.empty()) return;
  Open(indent, key);
  for (const auto& [k, v] : values) String(indent + 1, YamlScalar(k), v);
}

void YamlText::Open(int indent, std::string_view key) { Line(indent, std::string(key) + ":"); }

}  // namespace edgecert::importer
