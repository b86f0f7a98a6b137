#include "manifests/field_reader.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <system_error>

#include "crypto/x509.h"
#include "manifests/suggestions.h"

namespace edgecert::manifests {

void DecodeContext::Error(int line, int column, std::string message) {
  errors->push_back(Diagnostic{{file, line, column}, kind, name, std::move(message)});
}

FieldReader::FieldReader(DecodeContext& ctx, const YamlNode* map, std::string path, int line, int column,
                         const FieldTable* fields)
    : ctx_(ctx), map_(map), path_(std::move(path)), line_(line), column_(column), fields_(fields) {}

const FieldSpec* FieldReader::Declared(std::string_view key, FieldType type) {
  const FieldSpec* spec = fields_ == nullptr ? nullptr : FindField(*fields_, key);
  if (spec != nullptr && spec->type == type) return spec;
  known_.emplace_back(key);  // not an "unknown field" on top of this
  ctx_.Error(line_, column_,
             "internal error: " + FieldPath(key) + " is read as " + std::string(FieldTypeName(type)) +
                 (spec == nullptr ? " but is not in the field table" : " but the field table says " +
                                                                          std::string(FieldTypeName(spec->type))) +
                 " (manifests/kind_tables.cc)");
  return nullptr;
}

std::optional<std::string> FieldReader::String(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kString);
  return f ? String(key, f->presence) : std::nullopt;
}

std::optional<std::string> FieldReader::Enum(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kEnum);
  return f ? Enum(key, f->allowed, f->presence) : std::nullopt;
}

std::optional<bool> FieldReader::Bool(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kBool);
  return f ? Bool(key, f->presence) : std::nullopt;
}

std::optional<long long> FieldReader::Int(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kInt);
  return f ? Int(key, f->presence) : std::nullopt;
}

std::optional<int> FieldReader::IntEnum(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kIntEnum);
  if (f == nullptr) return std::nullopt;
  std::vector<int> allowed;
  for (const std::string& a : f->allowed) allowed.push_back(std::stoi(a));
  return IntEnum(key, allowed, f->presence);
}

std::optional<std::vector<std::string>> FieldReader::StringList(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kStringList);
  return f ? StringList(key, f->presence) : std::nullopt;
}

std::optional<std::map<std::string, std::string>> FieldReader::StringMap(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kStringMap);
  return f ? StringMap(key, f->presence) : std::nullopt;
}

FieldReader FieldReader::Map(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kMap);
  FieldReader sub = Map(key, f ? f->presence : Presence::kOptional);
  sub.Bind(f ? &f->fields : nullptr);
  return sub;
}

std::optional<PemSource> FieldReader::Pem(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kPem);
  return f ? Pem(key, f->presence) : std::nullopt;
}

std::optional<PemSource> FieldReader::PemFile(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kPemFile);
  return f ? PemFile(key, f->presence) : std::nullopt;
}

std::optional<SecretReference> FieldReader::Secret(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kSecret);
  return f ? Secret(key, f->presence) : std::nullopt;
}

std::optional<std::pair<std::string, std::string>> FieldReader::Path(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kPath);
  return f ? Path(key, f->presence) : std::nullopt;
}

std::optional<std::chrono::seconds> FieldReader::Duration(std::string_view key) {
  const FieldSpec* f = Declared(key, FieldType::kDuration);
  return f ? Duration(key, f->presence) : std::nullopt;
}

std::string FieldReader::FieldPath(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const YamlNode* FieldReader::Value(std::string_view key, Presence presence) {
  known_.emplace_back(key);
  const YamlNode::Entry* entry = map_ == nullptr ? nullptr : map_->Find(key);
  if (entry == nullptr || entry->value->type == YamlNode::Type::kNull) {
    // Under a map that is itself missing, only the map's absence is reported.
    if (presence == Presence::kRequired && map_ != nullptr) {
      int line = entry ? entry->key_line : line_;
      int column = entry ? entry->key_column : column_;
      ctx_.Error(line, column, FieldPath(key) + (entry ? ": required field is empty" : ": required field is missing"));
    }
    return nullptr;
  }
  Record(key, *entry->value);
  return entry->value.get();
}

void FieldReader::Record(std::string_view key, const YamlNode& node) {
  if (ctx_.meta != nullptr) ctx_.meta->fields[FieldPath(key)] = FieldPosition{node.line, node.column};
}

void FieldReader::TypeError(std::string_view key, const YamlNode& node, std::string_view expected) {
  ctx_.Error(node.line, node.column,
             FieldPath(key) + ": expected " + std::string(expected) + ", got " + std::string(node.Describe()));
}

std::optional<std::string> FieldReader::String(std::string_view key, Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type != YamlNode::Type::kScalar) {
    TypeError(key, *node, "a string");
    return std::nullopt;
  }
  if (node->scalar.empty() && presence == Presence::kRequired) {
    ctx_.Error(node->line, node->column, FieldPath(key) + ": required field is empty");
    return std::nullopt;
  }
  return node->scalar;
}

std::optional<std::string> FieldReader::Enum(std::string_view key, const std::vector<std::string>& allowed,
                                             Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type == YamlNode::Type::kScalar) {
    for (const std::string& a : allowed) {
      if (a == node->scalar) return a;
    }
  }
  std::string shown = node->type == YamlNode::Type::kScalar ? "\"" + node->scalar + "\"" : std::string(node->Describe());
  std::string message = FieldPath(key) + ": " + shown + " is not allowed; allowed: " + JoinList(allowed);
  if (node->type == YamlNode::Type::kScalar) {
    if (auto hint = ClosestMatch(node->scalar, allowed)) message += " (did you mean \"" + *hint + "\"?)";
  }
  ctx_.Error(node->line, node->column, std::move(message));
  return std::nullopt;
}

std::optional<bool> FieldReader::Bool(std::string_view key, Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type == YamlNode::Type::kScalar && !node->quoted) {
    const std::string& s = node->scalar;
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  std::string shown = node->type == YamlNode::Type::kScalar ? "\"" + node->scalar + "\"" : std::string(node->Describe());
  ctx_.Error(node->line, node->column, FieldPath(key) + ": expected true or false, got " + shown);
  return std::nullopt;
}

std::optional<long long> FieldReader::Int(std::string_view key, Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type == YamlNode::Type::kScalar && !node->quoted) {
    const std::string& s = node->scalar;
    long long value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc() && end == s.data() + s.size() && !s.empty()) return value;
  }
  std::string shown = node->type == YamlNode::Type::kScalar ? "\"" + node->scalar + "\"" : std::string(node->Describe());
  ctx_.Error(node->line, node->column, FieldPath(key) + ": expected an integer, got " + shown);
  return std::nullopt;
}

std::optional<int> FieldReader::IntEnum(std::string_view key, const std::vector<int>& allowed,
                                       Presence presence) {
  auto value = Int(key, presence);
  if (!value) return std::nullopt;
  std::string list;
  for (int a : allowed) {
    if (a == *value) return a;
    list += (list.empty() ? "" : ", ") + std::to_string(a);
  }
  const SourceLocation& at = ctx_.meta ? ctx_.meta->At(FieldPath(key)) : SourceLocation{};
  ctx_.Error(at.line, at.column, FieldPath(key) + ": " + std::to_string(*value) + " is not allowed; allowed: " + list);
  return std::nullopt;
}

std::optional<std::vector<std::string>> FieldReader::StringList(std::string_view key, Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type != YamlNode::Type::kSequence) {
    TypeError(key, *node, "a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    const YamlNode& item = *node->items[i];
    std::string item_key = std::string(key) + "[" + std::to_string(i) + "]";
    if (item.type != YamlNode::Type::kScalar) {
      TypeError(item_key, item, "a string");
      ok = false;
      continue;
    }
    Record(item_key, item);
    out.push_back(item.scalar);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::map<std::string, std::string>> FieldReader::StringMap(std::string_view key,
                                                                         Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type != YamlNode::Type::kMap) {
    TypeError(key, *node, "a map of strings");
    return std::nullopt;
  }
  std::map<std::string, std::string> out;
  bool ok = true;
  for (const YamlNode::Entry& e : node->entries) {
    if (e.value->type != YamlNode::Type::kScalar) {
      TypeError(std::string(key) + "." + e.key, *e.value, "a string");
      ok = false;
      continue;
    }
    out[e.key] = e.value->scalar;
  }
  if (!ok) return std::nullopt;
  return out;
}

FieldReader FieldReader::Map(std::string_view key, Presence presence) {
  const YamlNode::Entry* entry = map_ == nullptr ? nullptr : map_->Find(key);
  const YamlNode* node = Value(key, presence);
  int line = entry ? entry->key_line : line_;
  int column = entry ? entry->key_column : column_;
  if (node != nullptr && node->type != YamlNode::Type::kMap) {
    TypeError(key, *node, "a map");
    node = nullptr;
  }
  return FieldReader(ctx_, node, FieldPath(key), node ? node->line : line, node ? node->column : column);
}

std::string FieldReader::Resolve(const std::string& written) const {
  std::filesystem::path p(written);
  if (p.is_absolute()) return written;
  return (ctx_.base_dir / p).lexically_normal().string();
}

std::optional<PemSource> FieldReader::Pem(std::string_view key, Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type == YamlNode::Type::kScalar) {
    if (crypto::ContainsPrivateKeyBlock(node->scalar)) return std::nullopt;  // reported by the document scan
    if (node->scalar.find("-----BEGIN ") == std::string::npos) {
      ctx_.Error(node->line, node->column, FieldPath(key) + ": expected inline PEM text or {file: PATH}");
      return std::nullopt;
    }
    return PemSource{"", "", node->scalar};
  }
  if (node->type != YamlNode::Type::kMap) {
    TypeError(key, *node, "inline PEM text or {file: PATH}");
    return std::nullopt;
  }
  FieldReader sub(ctx_, node, FieldPath(key), node->line, node->column);
  auto path = sub.Path("file", Presence::kRequired);
  sub.Finish();
  if (!path) return std::nullopt;
  auto content = ReadReferencedFile(path->second, path->first, ctx_.max_referenced_file_bytes);
  if (!content.ok()) {
    const SourceLocation& at = ctx_.meta ? ctx_.meta->At(sub.FieldPath("file")) : SourceLocation{};
    ctx_.Error(at.line, at.column, sub.FieldPath("file") + ": " + content.status().message());
    return std::nullopt;
  }
  return PemSource{path->first, path->second, std::move(content).value()};
}

std::optional<PemSource> FieldReader::PemFile(std::string_view key, Presence presence) {
  auto path = Path(key, presence);
  if (!path) return std::nullopt;
  auto content = ReadReferencedFile(path->second, path->first, ctx_.max_referenced_file_bytes);
  if (!content.ok()) {
    const SourceLocation& at = ctx_.meta ? ctx_.meta->At(FieldPath(key)) : SourceLocation{};
    ctx_.Error(at.line, at.column, FieldPath(key) + ": " + content.status().message());
    return std::nullopt;
  }
  return PemSource{path->first, path->second, std::move(content).value()};
}

std::optional<SecretReference> FieldReader::Secret(std::string_view key, Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type == YamlNode::Type::kScalar && crypto::ContainsPrivateKeyBlock(node->scalar)) {
    return std::nullopt;  // an inline key: reported by the document scan
  }
  if (node->type != YamlNode::Type::kMap) {
    TypeError(key, *node, "{file: PATH} or {env: VARIABLE} (secrets are never written inline)");
    return std::nullopt;
  }
  FieldReader sub(ctx_, node, FieldPath(key), node->line, node->column);
  auto file = sub.Path("file", Presence::kOptional);
  auto env = sub.String("env", Presence::kOptional);
  sub.Finish();
  if (file.has_value() == env.has_value()) {
    ctx_.Error(node->line, node->column, FieldPath(key) + ": give exactly one of file or env");
    return std::nullopt;
  }
  if (file) return SecretReference{SecretReference::Source::kFile, file->first, file->second};
  return SecretReference{SecretReference::Source::kEnvironment, *env, ""};
}

std::optional<std::pair<std::string, std::string>> FieldReader::Path(std::string_view key, Presence presence) {
  auto written = String(key, presence);
  if (!written) return std::nullopt;
  if (written->empty()) {
    const SourceLocation& at = ctx_.meta ? ctx_.meta->At(FieldPath(key)) : SourceLocation{};
    ctx_.Error(at.line, at.column, FieldPath(key) + ": path is empty");
    return std::nullopt;
  }
  return std::make_pair(*written, Resolve(*written));
}

std::optional<std::chrono::seconds> FieldReader::Duration(std::string_view key, Presence presence) {
  const YamlNode* node = Value(key, presence);
  if (node == nullptr) return std::nullopt;
  if (node->type == YamlNode::Type::kScalar) {
    const std::string& s = node->scalar;
    long long total = 0;
    std::size_t i = 0;
    bool ok = !s.empty();
    while (ok && i < s.size()) {
      long long n = 0;
      auto [end, ec] = std::from_chars(s.data() + i, s.data() + s.size(), n);
      std::size_t used = static_cast<std::size_t>(end - (s.data() + i));
      if (ec != std::errc() || used == 0 || n < 0 || end == s.data() + s.size()) {
        ok = false;
        break;
      }
      i += used;
      switch (s[i++]) {
        case 'd': total += n * 86400; break;
        case 'h': total += n * 3600; break;
        case 'm': total += n * 60; break;
        case 's': total += n; break;
        default: ok = false;
      }
      if (total > 100LL * 365 * 86400) ok = false;  // also keeps the sum far from overflow
    }
    if (ok) return std::chrono::seconds(total);
  }
  std::string shown = node->type == YamlNode::Type::kScalar ? "\"" + node->scalar + "\"" : std::string(node->Describe());
  ctx_.Error(node->line, node->column,
             FieldPath(key) + ": expected a duration such as \"30d\", \"12h\" or \"1d12h\", got " + shown);
  return std::nullopt;
}

std::optional<DeletionPolicy> FieldReader::DeletionPolicyField() {
  auto value = fields_ != nullptr ? Enum("deletionPolicy") : Enum("deletionPolicy", {"Delete", "Orphan"}, Presence::kOptional);
  if (!value) return std::nullopt;
  return *value == "Orphan" ? DeletionPolicy::kOrphan : DeletionPolicy::kDelete;
}

std::optional<AdoptionPolicy> FieldReader::AdoptionPolicyField() {
  auto value = Enum("adoptionPolicy", {"IfEqual", "Update", "Replace"}, Presence::kOptional);
  if (!value) return std::nullopt;
  if (*value == "Update") return AdoptionPolicy::kUpdate;
  return *value == "Replace" ? AdoptionPolicy::kReplace : AdoptionPolicy::kIfEqual;
}

void FieldReader::Finish() {
  if (fields_ != nullptr) {
    for (const FieldSpec& f : *fields_) {
      if (std::find(known_.begin(), known_.end(), f.name) == known_.end()) {
        ctx_.Error(line_, column_,
                   "internal error: " + FieldPath(f.name) +
                       " is in the field table but no decoder reads it (manifests/spec_decoders.cc)");
      }
    }
    for (const std::string& key : known_) {
      if (FindField(*fields_, key) == nullptr) {
        ctx_.Error(line_, column_,
                   "internal error: " + FieldPath(key) + " is read but not in the field table (manifests/kind_tables.cc)");
      }
    }
  }
  if (map_ == nullptr) return;
  for (const YamlNode::Entry& e : map_->entries) {
    if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
    std::string message = FieldPath(e.key) + ": unknown field";
    if (auto hint = ClosestMatch(e.key, known_)) {
      message += "; did you mean \"" + *hint + "\"?";
    } else {
      message += "; allowed: " + JoinList(known_);
    }
    ctx_.Error(e.key_line, e.key_column, std::move(message));
  }
}

Result<std::string> ReadReferencedFile(const std::string& resolved, const std::string& written,
                                       std::size_t max_bytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(resolved, ec);
  if (ec) return InvalidArgument("cannot read file \"" + written + "\": " + ec.message());
  if (size > max_bytes) {
    return InvalidArgument("file \"" + written + "\" is larger than " + std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(resolved, std::ios::binary);
  std::string content(size, '\0');
  if (!in.read(content.data(), static_cast<std::streamsize>(size))) {
    return InvalidArgument("cannot read file \"" + written + "\"");
  }
  return content;
}

}  // namespace edgecert::manifests
