// X.509 and key helpers over OpenSSL, shared by the manifest checks, the emulator and the reconcilers.
// Every function is pure (no global state beyond OpenSSL's own), thread-safe, and returns errors as
// values whose messages never contain key material. Input over 4 MiB is refused before parsing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"

namespace edgecert::crypto {

using TimePoint = std::chrono::system_clock::time_point;

enum class KeyType { kRsa2048, kP256 };  // Cloudflare's "rsa2048" and "p256v1"

struct DistinguishedName {
  std::string country;              // C
  std::string state;                // ST
  std::string locality;             // L
  std::string organization;         // O
  std::string organizational_unit;  // OU (optional)
  std::string common_name;          // CN
};

struct CertificateInfo {
  std::string subject;              // one-line RFC 2253 form, e.g. "CN=Example CA,O=Example"
  std::string issuer;               // same form
  std::string common_name;          // subject CN, empty when absent
  std::string serial_number;        // decimal, as Cloudflare shows it
  std::string signature_algorithm;  // OpenSSL long name, e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA384"
  bool signature_algorithm_allowed = false;  // RSA or ECDSA with SHA1/SHA256/SHA384/SHA512 (Cloudflare BYO-CA rule)
  bool is_ca = false;               // Basic Constraints CA:TRUE
  bool self_signed = false;         // issuer == subject and the signature verifies with its own key
  TimePoint not_before;
  TimePoint not_after;
  std::vector<std::string> dns_names;  // subjectAltName DNS entries
  std::string fingerprint_sha256;      // lowercase hex of SHA-256 over the DER certificate
  std::string public_key_sha256;       // lowercase hex of SHA-256 over the DER SubjectPublicKeyInfo
};

struct CsrInfo {
  DistinguishedName subject;
  std::vector<std::string> dns_names;
  KeyType key_type = KeyType::kRsa2048;
  bool signature_valid = false;
  std::string public_key_sha256;  // same definition as CertificateInfo::public_key_sha256
};

// Parses the first certificate of a PEM text (a chain may follow it).
Result<CertificateInfo> ParseCertificate(std::string_view pem);
// Parses every certificate of a PEM bundle, in order; an empty bundle is an error.
Result<std::vector<CertificateInfo>> ParseCertificateChain(std::string_view pem);
// A CSR whose key is neither RSA-2048 nor EC P-256 is InvalidArgument naming the key it holds.
Result<CsrInfo> ParseCsr(std::string_view pem);

// True when `private_key_pem` is the private key of the certificate's public key.
Result<bool> PrivateKeyMatchesCertificate(const Secret& private_key_pem, std::string_view certificate_pem);
// True when the text holds any PEM private key block (used to refuse inline keys in manifests).
bool ContainsPrivateKeyBlock(std::string_view text);

// Canonical form of a PEM text for comparison: every block re-encoded, whitespace and line-length
// differences removed, "\n" escapes turned into newlines. Non-PEM text is returned trimmed.
std::string NormalizePem(std::string_view pem);

Result<Secret> GeneratePrivateKey(KeyType type);
Result<std::string> CreateCsr(const Secret& private_key_pem, const DistinguishedName& subject,
                              const std::vector<std::string>& dns_names);

// A certificate authority able to sign CSRs (the emulator's managed CA, test fixtures).
struct CertificateAuthority {
  std::string certificate_pem;
  Secret private_key_pem;
};

Result<CertificateAuthority> CreateSelfSignedCa(const DistinguishedName& subject, KeyType type,
                                                TimePoint not_before, std::chrono::hours validity);
// Issues a leaf certificate for the CSR's subject and SANs (or a CA when `is_ca`), signed by `ca`.
// `serial` must be positive; the signature uses SHA-256.
Result<std::string> SignCsr(const CertificateAuthority& ca, std::string_view csr_pem, std::uint64_t serial,
                            TimePoint not_before, std::chrono::hours validity, bool is_ca = false);

}  // namespace edgecert::crypto
