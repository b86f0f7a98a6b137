#include "crypto/openssl_error.h"

#include <openssl/err.h>

#include <string>

namespace edgecert::crypto {

Status OpenSslError(StatusCode code, std::string_view what) {
  std::string message(what);
  // The oldest error is the root cause; later ones are the callers' wrapping of it.
  unsigned long first = ERR_get_error();
  if (first != 0) {
    const char* reason = ERR_reason_error_string(first);
    const char* lib = ERR_lib_error_string(first);
    message += ": ";
    message += reason != nullptr ? reason : "error code " + std::to_string(ERR_GET_REASON(first));
    if (lib != nullptr) {
      message += " (";
      message += lib;
      message += ")";
    }
  }
  ERR_clear_error();
  return Status(code, std::move(message));
}

void ClearOpenSslErrors() { ERR_clear_error(); }

}  // namespace edgecert::crypto
