// The manifest reference as `kubectl explain` prints it, from the field tables (field_table.h): a kind
// with its fields, or one field with its type, presence, allowed values, default and description.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace edgecert::manifests {

// `path` is KIND[.field[.sub...]] ("CertificatePack", "CustomHostname.ssl.settings.minTlsVersion"); the
// kind is matched case-insensitively; "spec." and "metadata." may prefix the field. Empty: every kind.
// An unknown kind or field is InvalidArgument naming what is allowed (with a "did you mean").
Result<std::string> ExplainManifest(std::string_view path);

}  // namespace edgecert::manifests
