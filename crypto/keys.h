// Key helpers over EVP_PKEY shared by the CSR and signing code. Thread-safety: pure functions.
#pragma once

#include "common/status.h"
#include "crypto/openssl_handles.h"
#include "crypto/x509.h"

namespace edgecert::crypto {

// RSA-2048 or EC P-256; anything else (RSA-4096, P-384, Ed25519, ...) is InvalidArgument naming it.
Result<KeyType> KeyTypeOf(EVP_PKEY* key);

Result<EvpPkeyPtr> GenerateKey(KeyType type);

}  // namespace edgecert::crypto
