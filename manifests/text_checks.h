// Checks on a manifest file's raw bytes before YAML parsing: no NUL bytes (binary files) and valid UTF-8.
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "manifests/diagnostic.h"

namespace edgecert::manifests {

// Returns the problem with `text`, located at the offending byte, or nothing when the text is fine.
std::optional<Diagnostic> CheckManifestText(std::string_view text, const std::string& file);

}  // namespace edgecert::manifests
