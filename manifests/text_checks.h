// Checks on a manifest file's raw bytes before YAML parsing: no NUL bytes (binary files) and valid UTF-8;
// and the line-break normalization YAML asks for. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "manifests/diagnostic.h"

namespace edgecert::manifests {

// Returns the problem with `text`, located at the offending byte, or nothing when the text is fine.
std::optional<Diagnostic> CheckManifestText(std::string_view text, const std::string& file);

// Rewrites every line break YAML knows ("\r\n" and a lone "\r") as "\n", in place, so a file saved
// with Windows or classic-Mac line endings parses to the same documents and lines as one saved with "\n".
void NormalizeLineBreaks(std::string& text);

}  // namespace edgecert::manifests
