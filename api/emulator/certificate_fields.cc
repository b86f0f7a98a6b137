#include "api/emulator/certificate_fields.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <memory>

namespace edgecert::emulator {

std::string CloudflareSignatureName(const std::string& name) {
  for (const char* bits : {"1", "256", "384", "512"}) {
    const std::string b(bits);
    if (name == "sha" + b + "WithRSAEncryption") return "SHA" + b + "WithRSA";
    if (name == "ecdsa-with-SHA" + b) return "ECDSAWithSHA" + b;
  }
  return name;
}

std::string SubjectKeyIdentifier(const std::string& certificate_pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())), &BIO_free);
  if (!bio) return "";
  std::unique_ptr<X509, decltype(&X509_free)> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                   &X509_free);
  if (!cert) return "";
  const ASN1_BIT_STRING* key = X509_get0_pubkey_bitstr(cert.get());
  if (key == nullptr) return "";
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(key->data, static_cast<size_t>(key->length), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned char byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

}  // namespace edgecert::emulator
