// The yaml-cpp adapter: the only file that includes yaml-cpp. It drives yaml-cpp's event parser and builds
// our own YamlNode tree, enforcing the depth and node limits as it goes, and turns every yaml-cpp
// exception into a Diagnostic with file:line:col.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>
#include <stdexcept>

#include "manifests/yaml_tree.h"

namespace edgecert::manifests {
namespace {

// Thrown inside the builder to stop yaml-cpp's parser; caught in ParseYamlDocuments.
struct BuildError {
  int line;
  int column;
  std::string message;
};

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(const YamlLimits& limits, std::size_t& file_nodes) : limits_(limits), file_nodes_(file_nodes) {}

  bool has_root() const { return root_ != nullptr; }
  YamlNodePtr TakeRoot() { return std::move(root_); }
  int doc_line() const { return doc_line_; }
  int doc_column() const { return doc_column_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    root_.reset();
    anchors_.clear();
    doc_line_ = mark.line + 1;
    doc_column_ = mark.column + 1;
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto node = NewNode(mark, YamlNode::Type::kNull);
    Complete(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end() || it->second == nullptr) {
      throw BuildError{mark.line + 1, mark.column + 1, "alias refers to a node that contains it"};
    }
    Count(mark, it->second->expanded_size);
    Attach(it->second, mark);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    auto node = NewNode(mark, YamlNode::Type::kScalar);
    node->scalar = value;
    // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
    node->quoted = tag != "?";
    Complete(std::move(node), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(mark, YamlNode::Type::kSequence, anchor);
  }
  void OnSequenceEnd() override { Close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(mark, YamlNode::Type::kMap, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    std::shared_ptr<YamlNode> node;
    YAML::anchor_t anchor;
    bool have_key = false;
    YamlNode::Entry pending;
  };

  std::shared_ptr<YamlNode> NewNode(const YAML::Mark& mark, YamlNode::Type type) {
    Count(mark, 1);
    auto node = std::make_shared<YamlNode>();
    node->type = type;
    node->line = mark.line + 1;
    node->column = mark.column + 1;
    return node;
  }

  void Count(const YAML::Mark& mark, std::size_t n) {
    file_nodes_ += n;
    if (file_nodes_ > limits_.max_nodes_per_file) {
      throw BuildError{mark.line + 1, mark.column + 1,
                       "file expands to more than " + std::to_string(limits_.max_nodes_per_file) +
                           " YAML nodes (alias expansion included); refusing it"};
    }
  }

  void Open(const YAML::Mark& mark, YamlNode::Type type, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      throw BuildError{mark.line + 1, mark.column + 1,
                       "nesting deeper than " + std::to_string(limits_.max_depth) + " levels; refusing it"};
    }
    auto node = NewNode(mark, type);
    // Registered as "open" so an alias to it from inside is refused instead of building a cycle.
    if (anchor != YAML::NullAnchor) anchors_[anchor] = nullptr;
    stack_.push_back(Frame{std::move(node), anchor, false, {}});
  }

  void Close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Complete(std::move(frame.node), frame.anchor);
  }

  void Complete(std::shared_ptr<YamlNode> node, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = node;
    Attach(std::move(node), YAML::Mark{});
  }

  void Attach(YamlNodePtr node, const YAML::Mark&) {
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& parent = stack_.back();
    parent.node->expanded_size += node->expanded_size;
    if (parent.node->type == YamlNode::Type::kSequence) {
      parent.node->items.push_back(std::move(node));
      return;
    }
    if (!parent.have_key) {
      if (node->type != YamlNode::Type::kScalar) {
        throw BuildError{node->line, node->column, "map keys must be plain strings, not " +
                                                       std::string(node->Describe())};
      }
      if (const YamlNode::Entry* first = parent.node->Find(node->scalar)) {
        throw BuildError{node->line, node->column,
                         "duplicate key \"" + node->scalar + "\" (first at line " +
                             std::to_string(first->key_line) + ")"};
      }
      parent.pending = YamlNode::Entry{node->scalar, node->line, node->column, nullptr};
      parent.have_key = true;
      return;
    }
    parent.pending.value = std::move(node);
    parent.node->entries.push_back(std::move(parent.pending));
    parent.pending = {};
    parent.have_key = false;
  }

  const YamlLimits& limits_;
  std::size_t& file_nodes_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, YamlNodePtr> anchors_;
  YamlNodePtr root_;
  int doc_line_ = 1;
  int doc_column_ = 1;
};

}  // namespace

YamlParseResult ParseYamlDocuments(std::string_view text, const std::string& file, const YamlLimits& limits) {
  YamlParseResult result;
  std::istringstream in{std::string(text)};
  std::size_t file_nodes = 0;
  try {
    YAML::Parser parser(in);
    while (true) {
      TreeBuilder builder(limits, file_nodes);
      if (!parser.HandleNextDocument(builder)) break;
      if (!builder.has_root()) continue;
      int line = builder.doc_line();
      int column = builder.doc_column();
      YamlNodePtr root = builder.TakeRoot();
      if (root->type == YamlNode::Type::kNull) continue;  // an empty document, e.g. a trailing "---"
      result.documents.push_back(YamlDocument{std::move(root), line, column});
    }
  } catch (const BuildError& e) {
    result.errors.push_back(Diagnostic{{file, e.line, e.column}, "", "", e.message});
  } catch (const YAML::Exception& e) {
    result.errors.push_back(
        Diagnostic{{file, e.mark.line + 1, e.mark.column + 1}, "", "", "YAML syntax error: " + e.msg});
  } catch (const std::exception& e) {
    result.errors.push_back(Diagnostic{{file, 0, 0}, "", "", std::string("cannot parse YAML: ") + e.what()});
  }
  return result;
}

}  // namespace edgecert::manifests
