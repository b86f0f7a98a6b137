// JSON string literals written straight into a buffer, for output streamed piece by piece instead of built
// as a document tree. Escapes exactly as cpprestsdk's serializer does, so streamed output is byte-identical
// to a serialized web::json::value holding the same strings. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace edgecert {

// Appends `text` quoted: '"' and '\\' escaped, \b \f \n \r \t by name, other control characters as
// \u00XX (uppercase hex), everything else (UTF-8 included) as it is.
void AppendJsonString(std::string& out, std::string_view text);

}  // namespace edgecert
