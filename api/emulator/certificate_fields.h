// Certificate facts as the API shows them: Cloudflare's signature names, the Subject Key Identifier,
// and conversions between crypto time points and emulator time. Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/clock.h"
#include "crypto/x509.h"

namespace edgecert::emulator {

// "sha256WithRSAEncryption" -> "SHA256WithRSA", "ecdsa-with-SHA384" -> "ECDSAWithSHA384"; other names unchanged.
std::string CloudflareSignatureName(const std::string& openssl_long_name);
// Hex SHA-1 of the subject public key (RFC 5280 method 1), or "" when the PEM does not parse.
std::string SubjectKeyIdentifier(const std::string& certificate_pem);

inline Clock::TimePoint ToEmulatorTime(crypto::TimePoint t) {
  return std::chrono::time_point_cast<Clock::Duration>(t);
}
inline crypto::TimePoint ToCryptoTime(Clock::TimePoint t) {
  return std::chrono::time_point_cast<crypto::TimePoint::duration>(t);
}

}  // namespace edgecert::emulator
