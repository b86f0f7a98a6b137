// Key generation, key classification and the key/certificate match.
#include <openssl/core_names.h>

#include <array>

#include "crypto/keys.h"
#include "crypto/openssl_error.h"
#include "crypto/pem_io.h"
#include "crypto/x509.h"

namespace edgecert::crypto {

Result<KeyType> KeyTypeOf(EVP_PKEY* key) {
  int id = EVP_PKEY_get_base_id(key);
  if (id == EVP_PKEY_RSA) {
    int bits = EVP_PKEY_get_bits(key);
    if (bits == 2048) return KeyType::kRsa2048;
    return InvalidArgument("RSA key of " + std::to_string(bits) + " bits; only 2048 is supported");
  }
  if (id == EVP_PKEY_EC) {
    std::array<char, 64> group{};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, group.data(), group.size(), &len) != 1) {
      return OpenSslError(StatusCode::kInvalidArgument, "EC key without a named curve");
    }
    std::string_view curve(group.data(), len);
    if (curve == "prime256v1" || curve == "P-256") return KeyType::kP256;
    return InvalidArgument("EC key on curve " + std::string(curve) + "; only P-256 is supported");
  }
  const char* name = OBJ_nid2sn(id);
  return InvalidArgument(std::string(name != nullptr ? name : "unknown") +
                         " key; only RSA-2048 and EC P-256 are supported");
}

Result<EvpPkeyPtr> GenerateKey(KeyType type) {
  ClearOpenSslErrors();
  EvpPkeyPtr key(type == KeyType::kRsa2048 ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"));
  if (!key) return OpenSslError(StatusCode::kInternal, "key generation failed");
  return key;
}

Result<Secret> GeneratePrivateKey(KeyType type) {
  auto key = GenerateKey(type);
  if (!key.ok()) return key.status();
  return PrivateKeyToPem(key->get());
}

Result<bool> PrivateKeyMatchesCertificate(const Secret& private_key_pem, std::string_view certificate_pem) {
  auto key = LoadPrivateKey(private_key_pem);
  if (!key.ok()) return key.status();
  auto cert = LoadCertificate(certificate_pem);
  if (!cert.ok()) return cert.status();
  EVP_PKEY* public_key = X509_get0_pubkey(cert->get());
  if (public_key == nullptr) return OpenSslError(StatusCode::kInvalidArgument, "unreadable certificate public key");
  // 1: same key; 0: different key; negative: different key types, which cannot match either.
  bool match = EVP_PKEY_eq(public_key, key->get()) == 1;
  ClearOpenSslErrors();
  return match;
}

}  // namespace edgecert::crypto
