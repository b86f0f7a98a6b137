// Reading and writing OpenSSL objects as PEM, with a size bound and no password prompt, so hostile
// or oversized input yields an error value. Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"
#include "crypto/openssl_handles.h"

namespace edgecert::crypto {

// Real certificate bundles are kilobytes (the largest public CA bundles stay well below 1 MiB).
inline constexpr std::size_t kMaxPemBytes = 4u << 20;

Result<X509Ptr> LoadCertificate(std::string_view pem);
// Every certificate of a bundle in order; other PEM blocks are skipped; no certificate is an error.
Result<std::vector<X509Ptr>> LoadCertificateChain(std::string_view pem);
Result<X509ReqPtr> LoadCsr(std::string_view pem);
// Unencrypted keys only: an encrypted key is refused instead of prompting on the terminal.
Result<EvpPkeyPtr> LoadPrivateKey(const Secret& pem);

Result<std::string> CertificateToPem(X509* cert);
Result<std::string> CsrToPem(X509_REQ* req);
// PKCS#8 "PRIVATE KEY" block.
Result<Secret> PrivateKeyToPem(EVP_PKEY* key);

}  // namespace edgecert::crypto
