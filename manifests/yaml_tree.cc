#include "manifests/yaml_tree.h"

namespace edgecert::manifests {

const YamlNode::Entry* YamlNode::Find(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string_view YamlNode::Describe() const {
  switch (type) {
    case Type::kNull: return "null";
    case Type::kScalar: return quoted ? "a quoted string" : "a scalar";
    case Type::kSequence: return "a list";
    case Type::kMap: return "a map";
  }
  return "a node";
}

}  // namespace edgecert::manifests
