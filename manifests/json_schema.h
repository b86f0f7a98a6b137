// The JSON Schema (draft 2020-12) of edgecert manifests, generated from the field tables
// (field_table.h) that the loader reads through: one definition per kind, chosen by `kind`. What a
// schema cannot say (references between objects, hostnames inside their zone, PEM contents) stays with
// `edgecert validate`. Pure function; thread-safe.
#pragma once

#include <string>

namespace edgecert::manifests {

// The schema as pretty-printed JSON (two-space indent, keys in table order), ending with a newline.
std::string ManifestJsonSchema();

}  // namespace edgecert::manifests
