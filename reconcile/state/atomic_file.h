// Writes files an operator hands to others (issued certificates, CSRs): a temporary file in the same
// directory, fsynced, renamed over the target and the directory fsynced, so a reader or a crash sees
// the old content or the new one, never half. Thread-safety: concurrent writes of one path are the
// caller's problem (the loop never reconciles one object twice at once); distinct paths are fine.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace edgecert::reconcile {

// Replaces `path` with `content`, creating the parent directory when missing. `mode` is applied to the
// temporary file before the rename (0644 for certificates and CSRs, which are not secrets).
Status WriteFileAtomically(const std::filesystem::path& path, std::string_view content,
                           std::filesystem::perms mode);

// The content of `path`, nullopt when it does not exist. Files over 4 MiB are refused.
Result<std::optional<std::string>> ReadFileIfExists(const std::filesystem::path& path);

}  // namespace edgecert::reconcile
