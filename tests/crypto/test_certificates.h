// Test fixtures built with the library itself, plus the few raw OpenSSL steps the library refuses
// to do on purpose (weak digests, Ed25519 signatures, encrypted or traditional key encodings).
#pragma once

#include <chrono>
#include <string>

#include "common/secret.h"
#include "crypto/x509.h"

namespace edgecert::crypto::testing {

// 2026-01-01T00:00:00Z, the FakeClock's default start.
inline const TimePoint kStart = TimePoint(std::chrono::seconds(1'767'225'600));

DistinguishedName Subject(const std::string& common_name);

// Fails the current test (ASSERT-style, via FAIL()) and returns empty values when a step errors.
CertificateAuthority MakeCa(KeyType type, const std::string& common_name = "Example CA");
// A key, its CSR for `dns_names`, and the certificate `ca` issues for it.
struct Leaf {
  Secret key;
  std::string csr;
  std::string certificate;
};
Leaf MakeLeaf(const CertificateAuthority& ca, const std::vector<std::string>& dns_names,
              std::uint64_t serial = 4242, TimePoint not_before = kStart,
              std::chrono::hours validity = std::chrono::hours(24 * 90));

// Re-signs `certificate_pem` with `key_pem` using digest `digest_name` ("SHA224", or "" for Ed25519).
std::string Resign(const std::string& certificate_pem, const Secret& key_pem, const std::string& digest_name);
// A self-signed certificate with an Ed25519 key, derived from `template_pem`.
std::string SelfSignWithEd25519(const std::string& template_pem);
Secret GenerateEd25519Key();
Secret GenerateRsaKey(int bits);

// "RSA PRIVATE KEY" / "EC PRIVATE KEY" encoding of a PKCS#8 key.
Secret ToTraditionalPem(const Secret& pkcs8_pem);
// "ENCRYPTED PRIVATE KEY" encoding under `password`.
Secret EncryptPem(const Secret& pkcs8_pem, const std::string& password);

}  // namespace edgecert::crypto::testing
