// YamlText: writes the manifests `edgecert import` produces, one document after another, in the style of
// manifests/examples (block mappings, flow lists of scalars, comments). Scalars are written plain only
// when YAML cannot read them as anything but that string; otherwise double-quoted. Plain value type.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace edgecert::importer {

// `text` as a YAML scalar that reads back as exactly this string.
std::string YamlScalar(std::string_view text);

class YamlText {
 public:
  // "# ..." lines; `text` may hold several lines.
  void Comment(std::string_view text, int indent = 0);
  // Starts a document ("---" between documents): apiVersion, kind, metadata.name, then "spec:".
  void BeginDocument(std::string_view kind, std::string_view name);
  // key: value, at `indent` levels of two spaces below spec (1 = a field of spec).
  void String(int indent, std::string_view key, std::string_view value, std::string_view comment = "");
  void Int(int indent, std::string_view key, long long value);
  void Bool(int indent, std::string_view key, bool value);
  void List(int indent, std::string_view key, const std::vector<std::string>& values);
  void Map(int indent, std::string_view key, const std::map<std::string, std::string>& values);
  // "key:" opening a nested mapping.
  void Open(int indent, std::string_view key);

  const std::string& text() const { return text_; }

 private:
  void Line(int indent, std::string_view content);

  std::string text_;
  bool started_ = false;
};

}  // namespace edgecert::importer
