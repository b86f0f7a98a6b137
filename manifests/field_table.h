// The field tables: every field of the document envelope and of each kind's spec, with its type,
// presence, allowed values, default, limits and description. One source of truth: the spec decoders
// read through them (FieldReader), `edgecert schema` and `edgecert explain` print them. Immutable; safe
// to read from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifests/objects.h"

namespace edgecert::manifests {

enum class Presence { kOptional, kRequired };

enum class FieldType {
  kString,      // a scalar, taken as text
  kEnum,        // a scalar from `allowed`
  kBool,        // true or false, unquoted
  kInt,         // an unquoted integer
  kIntEnum,     // an unquoted integer from `allowed` (written in decimal)
  kDuration,    // "30d", "12h", "1d12h30m", "45s"
  kPath,        // a file path, relative to the manifest's directory
  kPemFile,     // a file path to a PEM text
  kPem,         // inline PEM text or {file: PATH}
  kSecret,      // {file: PATH} or {env: VARIABLE}; never inline
  kStringList,  // a list of scalars
  kStringMap,   // a map of string to scalar
  kMap,         // a map whose fields are `fields`
};

// The name a user reads for a type: "string", "list of strings", "inline PEM or {file: PATH}".
std::string_view FieldTypeName(FieldType type);

struct FieldSpec {
  std::string name{};
  FieldType type = FieldType::kString;
  Presence presence = Presence::kOptional;
  std::string description{};
  // kEnum, kIntEnum: the values allowed. kString: when set, the only values accepted, checked by the
  // decoder with a message of its own (apiVersion, kind).
  std::vector<std::string> allowed{};
  std::string default_value{};  // as written in YAML; empty: none (or the API's)
  std::string references{};     // the kind this field names an object of ("Zone"); empty: none
  // Limits a schema can express too; the loader's rules use the same values.
  std::optional<long long> minimum{};       // kInt
  std::optional<long long> maximum{};       // kInt
  std::optional<std::size_t> min_items{};   // kStringList
  std::optional<std::size_t> max_items{};   // kStringList
  std::optional<std::size_t> max_length{};  // kString, or each item of a kStringList
  std::string pattern{};                    // ECMA-262 regex for a kString (or each list item)
  std::vector<FieldSpec> fields{};          // kMap
};

using FieldTable = std::vector<FieldSpec>;

struct KindSpec {
  Kind kind = Kind::kAccount;
  std::string description{};
  FieldTable spec{};  // the fields under `spec`
  // When not empty, at least one of these spec fields must be given (Account: id or name).
  std::vector<std::string> any_of_required{};
};

// apiVersion, kind, metadata (name, labels) and spec; `spec` has no fields here (they depend on kind).
const FieldTable& EnvelopeFields();
const KindSpec& KindFields(Kind kind);

// The field named `name` in `table`, or null.
const FieldSpec* FindField(const FieldTable& table, std::string_view name);

// Limits shared by the table and the content rules.
inline constexpr std::size_t kMaxPackHosts = 50;
inline constexpr std::size_t kMaxCommonName = 64;
inline constexpr std::size_t kMaxSan = 255;
inline constexpr std::size_t kMaxObjectName = 253;

}  // namespace edgecert::manifests
