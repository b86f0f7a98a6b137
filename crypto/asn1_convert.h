// Conversions between OpenSSL's ASN.1 types and the plain values of crypto/x509.h: times, names,
// subjectAltName DNS entries, digests. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "crypto/openssl_handles.h"
#include "crypto/x509.h"

namespace edgecert::crypto {

std::string HexLower(const unsigned char* data, std::size_t size);
// Lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.
Result<std::string> PublicKeySha256(EVP_PKEY* key);

Result<TimePoint> ToTimePoint(const ASN1_TIME* time);
Status SetTime(ASN1_TIME* target, TimePoint value);

// One-line RFC 2253 form with UTF-8 kept readable ("CN=Example CA,O=Example").
std::string NameToString(const X509_NAME* name);
// The UTF-8 value of the first entry with `nid`, empty when absent.
std::string NameEntry(const X509_NAME* name, int nid);
DistinguishedName ToDistinguishedName(const X509_NAME* name);
// Empty fields are left out; at least one field must be set.
Result<X509NamePtr> BuildName(const DistinguishedName& subject);

std::vector<std::string> DnsNames(const GENERAL_NAMES* names);
// Each name must be non-empty printable ASCII (an IA5String holds nothing else).
Result<GeneralNamesPtr> BuildDnsNames(const std::vector<std::string>& dns_names);

// SHA-256 for RSA and EC keys; none for keys whose algorithm fixes its digest (Ed25519, Ed448).
const EVP_MD* SigningDigestFor(EVP_PKEY* key);

}  // namespace edgecert::crypto
