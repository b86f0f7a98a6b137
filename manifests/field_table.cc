// The document envelope's table and the look-ups; each kind's table is in kind_tables.cc.
#include "manifests/field_table.h"

namespace edgecert::manifests {
namespace {

std::vector<std::string> KindNames() {
  std::vector<std::string> names;
  for (Kind kind : AllKinds()) names.emplace_back(KindName(kind));
  return names;
}

}  // namespace

std::string_view FieldTypeName(FieldType type) {
  switch (type) {
    case FieldType::kString:
      return "string";
    case FieldType::kEnum:
      return "string (enum)";
    case FieldType::kBool:
      return "boolean";
    case FieldType::kInt:
      return "integer";
    case FieldType::kIntEnum:
      return "integer (enum)";
    case FieldType::kDuration:
      return "duration";
    case FieldType::kPath:
      return "path";
    case FieldType::kPemFile:
      return "path to a PEM file";
    case FieldType::kPem:
      return "inline PEM or {file: PATH}";
    case FieldType::kSecret:
      return "{file: PATH} or {env: VARIABLE}";
    case FieldType::kStringList:
      return "list of strings";
    case FieldType::kStringMap:
      return "map of strings";
    case FieldType::kMap:
      return "object";
  }
  return "unknown";
}

const FieldTable& EnvelopeFields() {
  static const FieldTable table = {
      {.name = "apiVersion",
       .type = FieldType::kString,
       .presence = Presence::kRequired,
       .description = "The manifest format version.",
       .allowed = {std::string(kApiVersion)}},
      {.name = "kind",
       .type = FieldType::kString,
       .presence = Presence::kRequired,
       .description = "What the document declares: one of the kinds.",
       .allowed = KindNames()},
      {.name = "metadata",
       .type = FieldType::kMap,
       .presence = Presence::kRequired,
       .description = "The object's name and labels.",
       .fields =
           {
               {.name = "name",
                .type = FieldType::kString,
                .presence = Presence::kRequired,
                .description = "Unique per kind; other objects refer to this object by it. Lowercase letters, "
                               "digits, '-' and '.', starting and ending with a letter or digit.",
                .max_length = kMaxObjectName,
                .pattern = "^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"},
               {.name = "labels",
                .type = FieldType::kStringMap,
                .description = "Free-form labels, string to string; part of the snapshot hash."},
           }},
      {.name = "spec",
       .type = FieldType::kMap,
       .presence = Presence::kRequired,
       .description = "The desired state; its fields depend on the kind."},
  };
  return table;
}

const FieldSpec* FindField(const FieldTable& table, std::string_view name) {
  for (const FieldSpec& f : table) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace edgecert::manifests
