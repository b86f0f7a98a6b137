// The canonical serialization behind DesiredState::hash(): one "kind/name" section per object with every
// field, defaults included, as length-prefixed "key=value" lines in a fixed order. Pure; thread-safe.
#pragma once

#include <string>

#include "manifests/objects.h"

namespace edgecert::manifests {

// `objects` must already be sorted by name within each kind.
std::string CanonicalForm(const DesiredObjects& objects);

// Lowercase hex SHA-256 of `data` (OpenSSL).
std::string Sha256Hex(const std::string& data);

}  // namespace edgecert::manifests
