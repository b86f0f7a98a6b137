// The checks a custom certificate passes before the API takes it: it parses, is not self-signed
// (publicly trusted only), and matches the given key or the referenced CSR's key.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <variant>
#include <string>

#include "api/emulator/api_types.h"
#include "api/emulator/error_codes.h"
#include "crypto/x509.h"

namespace edgecert::emulator {

struct CertificateCheckCodes {
  ErrorCode invalid;
  ErrorCode self_signed;
  ErrorCode key_mismatch;
};

// Parses the leaf of `pem`; returns it, or the error response with the given codes.
std::variant<crypto::CertificateInfo, ApiResponse> CheckCustomCertificate(const std::string& pem,
                                                                          const CertificateCheckCodes& codes);
// Compares the certificate's key with a private key (PEM) or a CSR's public key hash.
std::optional<ApiResponse> CheckKey(const std::string& certificate_pem, const crypto::CertificateInfo& info,
                                    const std::string* private_key, const std::string* csr_public_key_sha256,
                                    ErrorCode mismatch);

}  // namespace edgecert::emulator
