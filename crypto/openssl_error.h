// Turns OpenSSL's thread-local error queue into a Status. Only library and reason strings are kept
// (never the queue's free-form data), so a message cannot carry key bytes. Thread-safety: the queue
// is per thread; these functions touch only the caller's.
#pragma once

#include <string_view>

#include "common/status.h"

namespace edgecert::crypto {

// Drains the queue and returns `code` with "what: <reason> (<library>)", or just `what` when empty.
Status OpenSslError(StatusCode code, std::string_view what);

// Drains the queue without building a message (for expected failures, such as the end of a bundle).
void ClearOpenSslErrors();

}  // namespace edgecert::crypto
