// YamlNode: an immutable YAML tree with the line and column of every node, built by ParseYamlDocuments.
// It is the only view of YAML the rest of the module sees; yaml-cpp stays inside yaml_parser.cc.
// Thread-safety: a built tree is immutable and may be shared; aliases share subtrees.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifests/diagnostic.h"

namespace edgecert::manifests {

class YamlNode;
using YamlNodePtr = std::shared_ptr<const YamlNode>;

class YamlNode {
 public:
  enum class Type { kNull, kScalar, kSequence, kMap };

  struct Entry {
    std::string key;
    int key_line = 0;
    int key_column = 0;
    YamlNodePtr value;
  };

  Type type = Type::kNull;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  std::string scalar;  // the text of a scalar
  bool quoted = false;  // a quoted (or otherwise non-plain) scalar is always a string
  std::vector<YamlNodePtr> items;  // sequence items
  std::vector<Entry> entries;      // map entries in document order; keys are unique
  std::size_t expanded_size = 1;   // nodes in this subtree counting every alias expansion

  const Entry* Find(std::string_view key) const;
  // "a map", "a list", "a string", "null": used in type errors.
  std::string_view Describe() const;
};

struct YamlDocument {
  YamlNodePtr root;  // never null; documents that are empty are dropped by the parser
  int line = 0;
  int column = 0;
};

struct YamlLimits {
  int max_depth = 64;                        // nesting of maps and lists
  std::size_t max_nodes_per_file = 1'000'000;  // after alias expansion: stops "billion laughs"
};

struct YamlParseResult {
  std::vector<YamlDocument> documents;  // those parsed before any error
  std::vector<Diagnostic> errors;       // at most one: parsing stops at the first syntax error
};

// Parses every document of `text`; `file` only labels diagnostics. Never throws.
YamlParseResult ParseYamlDocuments(std::string_view text, const std::string& file, const YamlLimits& limits);

}  // namespace edgecert::manifests
