// FieldReader: reads the typed fields of one YAML map of a manifest document, recording where each field
// was written and reporting every problem (missing, wrong type, value not allowed, unknown field with a
// "did you mean" hint) into the document's DecodeContext. Not thread-safe; one per map being read.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "manifests/diagnostic.h"
#include "manifests/field_table.h"
#include "manifests/objects.h"
#include "manifests/yaml_tree.h"

namespace edgecert::manifests {

// The document being decoded: where it is, what it is, where its problems go.
struct DecodeContext {
  std::string file;
  std::filesystem::path base_dir;  // relative file references are resolved against it
  std::size_t max_referenced_file_bytes = 1 << 20;
  std::string kind;
  std::string name;
  ObjectMeta* meta = nullptr;  // receives field locations; may be null
  std::vector<Diagnostic>* errors = nullptr;
  std::size_t error_count_at_start = 0;

  void Error(int line, int column, std::string message);
  bool HasErrors() const { return errors->size() > error_count_at_start; }
};

// A reader bound to a field table (manifests/field_table.h) takes each field's presence and allowed
// values from it, and Finish() checks that the decoder read exactly the fields the table declares: a
// field the table lists but no decoder reads (or the reverse) is reported as an internal error, so the
// table, the schema and `explain` can never drift from what the loader accepts.
class FieldReader {
 public:
  // `map` may be null when the map itself is absent; then every required field reports missing at
  // (line, column). `fields`, when not null, binds the reader to that table (it must outlive the reader).
  FieldReader(DecodeContext& ctx, const YamlNode* map, std::string path, int line, int column,
              const FieldTable* fields = nullptr);

  // Binds (or re-binds) the reader to `fields`: the spec map, once the kind is known.
  void Bind(const FieldTable* fields) { fields_ = fields; }

  // Table-driven reads: presence and allowed values come from the bound table.
  std::optional<std::string> String(std::string_view key);
  std::optional<std::string> Enum(std::string_view key);
  std::optional<bool> Bool(std::string_view key);
  std::optional<long long> Int(std::string_view key);
  std::optional<int> IntEnum(std::string_view key);
  std::optional<std::vector<std::string>> StringList(std::string_view key);
  std::optional<std::map<std::string, std::string>> StringMap(std::string_view key);
  FieldReader Map(std::string_view key);  // bound to the field's sub-table
  std::optional<PemSource> Pem(std::string_view key);
  std::optional<PemSource> PemFile(std::string_view key);
  std::optional<SecretReference> Secret(std::string_view key);
  std::optional<std::pair<std::string, std::string>> Path(std::string_view key);
  std::optional<std::chrono::seconds> Duration(std::string_view key);

  // Reads with the presence (and allowed values) given here: for readers not bound to a table.

  std::optional<std::string> String(std::string_view key, Presence presence);
  std::optional<std::string> Enum(std::string_view key, const std::vector<std::string>& allowed,
                                  Presence presence);
  std::optional<bool> Bool(std::string_view key, Presence presence);
  std::optional<long long> Int(std::string_view key, Presence presence);
  // An integer that must be one of `allowed`.
  std::optional<int> IntEnum(std::string_view key, const std::vector<int>& allowed, Presence presence);
  std::optional<std::vector<std::string>> StringList(std::string_view key, Presence presence);
  std::optional<std::map<std::string, std::string>> StringMap(std::string_view key, Presence presence);
  // A nested map; absent (and optional) gives a reader over nothing, so its fields read as absent.
  FieldReader Map(std::string_view key, Presence presence);
  // A PEM text: an inline string or {file: PATH}.
  std::optional<PemSource> Pem(std::string_view key, Presence presence);
  // A PEM text read from the file whose path is the field's value.
  std::optional<PemSource> PemFile(std::string_view key, Presence presence);
  // A secret: {file: PATH} or {env: VARIABLE}; an inline value is refused.
  std::optional<SecretReference> Secret(std::string_view key, Presence presence);
  // A file path, resolved against the manifest's directory; returns {as written, resolved}.
  std::optional<std::pair<std::string, std::string>> Path(std::string_view key, Presence presence);
  // A duration such as "30d", "720h", "1d12h30m".
  std::optional<std::chrono::seconds> Duration(std::string_view key, Presence presence);
  std::optional<DeletionPolicy> DeletionPolicyField();
  // spec.adoptionPolicy: IfEqual (default), Update or Replace.
  std::optional<AdoptionPolicy> AdoptionPolicyField();

  // Reports every key of the map that no read asked for.
  void Finish();

  const std::string& path() const { return path_; }
  std::string FieldPath(std::string_view key) const;

 private:
  // The value node for `key`, marking it known; reports a missing required field. Null when absent.
  const YamlNode* Value(std::string_view key, Presence presence);
  void Record(std::string_view key, const YamlNode& node);
  void TypeError(std::string_view key, const YamlNode& node, std::string_view expected);
  std::string Resolve(const std::string& written) const;
  // The bound table's entry for `key` when it is declared with `type`; otherwise reports an internal
  // error (a decoder bug) and returns null.
  const FieldSpec* Declared(std::string_view key, FieldType type);

  DecodeContext& ctx_;
  const YamlNode* map_;
  std::string path_;
  int line_;
  int column_;
  const FieldTable* fields_;
  std::vector<std::string> known_;
};

// Reads a file referenced by a manifest, capped in size. Errors name the path as written.
Result<std::string> ReadReferencedFile(const std::string& resolved, const std::string& written,
                                       std::size_t max_bytes);

}  // namespace edgecert::manifests
