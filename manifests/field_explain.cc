#include "manifests/field_explain.h"

#include <sstream>
#include <vector>

#include "manifests/field_table.h"
#include "manifests/suggestions.h"

namespace edgecert::manifests {
namespace {

constexpr std::size_t kWidth = 100;

// `text` wrapped at kWidth, each line indented by `indent` spaces.
std::string Wrap(const std::string& text, std::size_t indent) {
  std::string out;
  std::string line;
  std::istringstream words(text);
  for (std::string word; words >> word;) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > kWidth) {
      out += std::string(indent, ' ') + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += std::string(indent, ' ') + line + "\n";
  return out;
}

std::string Join(const std::vector<std::string>& items) { return JoinList(items); }

std::string TypeOf(const FieldSpec& f) { return "<" + std::string(FieldTypeName(f.type)) + ">"; }

void ListFields(const FieldTable& fields, std::ostringstream& out) {
  out << "FIELDS:\n";
  for (const FieldSpec& f : fields) {
    std::string head = "  " + f.name;
    head.resize(std::max<std::size_t>(head.size() + 1, 26), ' ');
    head += TypeOf(f);
    if (f.presence == Presence::kRequired) head += " -required-";
    out << head << "\n" << Wrap(f.description, 6);
    if (!f.allowed.empty() && f.type != FieldType::kString) out << Wrap("one of: " + Join(f.allowed), 6);
    if (!f.default_value.empty()) out << Wrap("default: " + f.default_value, 6);
    out << "\n";
  }
}

std::string ExplainKinds() {
  std::ostringstream out;
  out << "VERSION:  " << kApiVersion << "\n\nKINDS:\n";
  for (int k = 0; k < kKindCount; ++k) {
    const KindSpec& kind = KindFields(static_cast<Kind>(k));
    out << "  " << KindName(kind.kind) << "\n" << Wrap(kind.description, 6);
  }
  out << "\nedgecert explain KIND[.field[.sub]] shows a kind's fields or one field.\n";
  return out.str();
}

std::string ExplainKind(const KindSpec& kind) {
  std::ostringstream out;
  out << "KIND:     " << KindName(kind.kind) << "\nVERSION:  " << kApiVersion << "\n\nDESCRIPTION:\n"
      << Wrap(kind.description, 2);
  if (!kind.any_of_required.empty()) out << Wrap("Give at least one of: " + Join(kind.any_of_required) + ".", 2);
  out << "\nThe document: apiVersion, kind, metadata (name, labels) and spec with these fields.\n\n";
  ListFields(kind.spec, out);
  return out.str();
}

std::string ExplainField(std::string_view kind, const std::string& path, const FieldSpec& f) {
  std::ostringstream out;
  out << "KIND:     " << kind << "\nVERSION:  " << kApiVersion << "\n\nFIELD:    " << path << " " << TypeOf(f)
      << "\nREQUIRED: " << (f.presence == Presence::kRequired ? "yes" : "no") << "\n";
  if (!f.allowed.empty()) out << "ALLOWED:  " << Join(f.allowed) << "\n";
  if (!f.default_value.empty()) out << "DEFAULT:  " << f.default_value << "\n";
  if (!f.references.empty()) out << "NAMES:    a " << f.references << " (its metadata.name)\n";
  if (f.min_items || f.max_items) {
    out << "ITEMS:    " << (f.min_items ? std::to_string(*f.min_items) : "0") << " to "
        << (f.max_items ? std::to_string(*f.max_items) : "any number") << "\n";
  }
  if (f.max_length) out << "MAX LENGTH: " << *f.max_length << " characters\n";
  if (f.minimum) out << "MINIMUM:  " << *f.minimum << "\n";
  if (f.maximum) out << "MAXIMUM:  " << *f.maximum << "\n";
  out << "\nDESCRIPTION:\n" << Wrap(f.description, 2);
  if (f.type == FieldType::kMap && !f.fields.empty()) {
    out << "\n";
    ListFields(f.fields, out);
  }
  return out.str();
}

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : path) {
    if (c == '.') {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  return parts;
}

std::vector<std::string> NamesOf(const FieldTable& fields) {
  std::vector<std::string> names;
  for (const FieldSpec& f : fields) names.push_back(f.name);
  return names;
}

// `shown` is what the message names; `word` is matched against `allowed` for a hint.
Status Unknown(const std::string& shown, const std::string& word, const std::vector<std::string>& allowed) {
  std::string message = "unknown " + shown;
  if (auto hint = ClosestMatch(word, allowed)) return InvalidArgument(message + "; did you mean \"" + *hint + "\"?");
  return InvalidArgument(message + "; allowed: " + Join(allowed));
}

}  // namespace

Result<std::string> ExplainManifest(std::string_view path) {
  if (path.empty()) return ExplainKinds();
  std::vector<std::string> parts = Split(path);
  std::vector<std::string> kinds;
  const KindSpec* kind = nullptr;
  for (int k = 0; k < kKindCount; ++k) {
    const std::string name(KindName(static_cast<Kind>(k)));
    kinds.push_back(name);
    if (EditDistance(name, parts[0]) == 0) kind = &KindFields(static_cast<Kind>(k));
  }
  if (kind == nullptr) return Unknown("kind \"" + parts[0] + "\"", parts[0], kinds);
  if (parts.size() == 1) return ExplainKind(*kind);

  const FieldTable* table = &kind->spec;
  std::string shown;  // the field path as written in a manifest, "spec.ssl.method"
  std::size_t i = 1;
  if (parts[1] == "metadata" || parts[1] == "apiVersion" || parts[1] == "kind") {
    table = &EnvelopeFields();
  } else {
    shown = "spec";
    if (parts[1] == "spec") ++i;
  }
  if (i == parts.size()) return ExplainKind(*kind);
  const FieldSpec* field = nullptr;
  for (; i < parts.size(); ++i) {
    field = FindField(*table, parts[i]);
    if (field == nullptr) {
      const std::string written = (shown.empty() ? "" : shown + ".") + parts[i];
      return Unknown("field \"" + written + "\" of " + std::string(KindName(kind->kind)), parts[i], NamesOf(*table));
    }
    shown += (shown.empty() ? "" : ".") + field->name;
    if (i + 1 < parts.size() && field->fields.empty()) {
      return InvalidArgument("field \"" + shown + "\" has no fields below it");
    }
    table = &field->fields;
  }
  return ExplainField(KindName(kind->kind), shown, *field);
}

}  // namespace edgecert::manifests
