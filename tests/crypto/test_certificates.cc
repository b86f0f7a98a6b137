#include "tests/crypto/test_certificates.h"

#include <gtest/gtest.h>
#include <openssl/encoder.h>
#include <openssl/pem.h>

#include "crypto/openssl_handles.h"
#include "crypto/pem_io.h"

namespace edgecert::crypto::testing {
namespace {

std::string BioText(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return len > 0 ? std::string(data, static_cast<std::size_t>(len)) : std::string();
}

EvpPkeyPtr MustLoadKey(const Secret& pem) {
  auto key = LoadPrivateKey(pem);
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return key.ok() ? std::move(key).value() : EvpPkeyPtr();
}

std::string CertPem(X509* cert) {
  auto pem = CertificateToPem(cert);
  EXPECT_TRUE(pem.ok()) << pem.status().ToString();
  return pem.ok() ? *pem : std::string();
}

Secret KeyPem(EVP_PKEY* key) {
  auto pem = PrivateKeyToPem(key);
  EXPECT_TRUE(pem.ok()) << pem.status().ToString();
  return pem.ok() ? *pem : Secret();
}

}  // namespace

DistinguishedName Subject(const std::string& common_name) {
  DistinguishedName dn;
  dn.country = "US";
  dn.organization = "Example";
  dn.common_name = common_name;
  return dn;
}

CertificateAuthority MakeCa(KeyType type, const std::string& common_name) {
  auto ca = CreateSelfSignedCa(Subject(common_name), type, kStart, std::chrono::hours(24 * 365));
  EXPECT_TRUE(ca.ok()) << ca.status().ToString();
  return ca.ok() ? *ca : CertificateAuthority{};
}

Leaf MakeLeaf(const CertificateAuthority& ca, const std::vector<std::string>& dns_names, std::uint64_t serial,
              TimePoint not_before, std::chrono::hours validity) {
  Leaf leaf;
  auto key = GeneratePrivateKey(KeyType::kP256);
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  if (!key.ok()) return leaf;
  leaf.key = *key;
  auto csr = CreateCsr(leaf.key, Subject(dns_names.empty() ? "leaf" : dns_names.front()), dns_names);
  EXPECT_TRUE(csr.ok()) << csr.status().ToString();
  if (!csr.ok()) return leaf;
  leaf.csr = *csr;
  auto cert = SignCsr(ca, leaf.csr, serial, not_before, validity);
  EXPECT_TRUE(cert.ok()) << cert.status().ToString();
  if (cert.ok()) leaf.certificate = *cert;
  return leaf;
}

std::string Resign(const std::string& certificate_pem, const Secret& key_pem, const std::string& digest_name) {
  auto cert = LoadCertificate(certificate_pem);
  EXPECT_TRUE(cert.ok());
  EvpPkeyPtr key = MustLoadKey(key_pem);
  if (!cert.ok() || !key) return {};
  const EVP_MD* md = digest_name.empty() ? nullptr : EVP_get_digestbyname(digest_name.c_str());
  EXPECT_GT(X509_sign(cert->get(), key.get(), md), 0);
  return CertPem(cert->get());
}

Secret GenerateEd25519Key() {
  EvpPkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  EXPECT_TRUE(key);
  return key ? KeyPem(key.get()) : Secret();
}

Secret GenerateRsaKey(int bits) {
  EvpPkeyPtr key(EVP_RSA_gen(static_cast<unsigned int>(bits)));
  EXPECT_TRUE(key);
  return key ? KeyPem(key.get()) : Secret();
}

std::string SelfSignWithEd25519(const std::string& template_pem) {
  Secret ed_pem = GenerateEd25519Key();
  auto cert = LoadCertificate(template_pem);
  EXPECT_TRUE(cert.ok());
  EvpPkeyPtr key = MustLoadKey(ed_pem);
  if (!cert.ok() || !key) return {};
  EXPECT_EQ(X509_set_pubkey(cert->get(), key.get()), 1);
  EXPECT_GT(X509_sign(cert->get(), key.get(), nullptr), 0);
  return CertPem(cert->get());
}

Secret ToTraditionalPem(const Secret& pkcs8_pem) {
  EvpPkeyPtr key = MustLoadKey(pkcs8_pem);
  if (!key) return {};
  std::unique_ptr<OSSL_ENCODER_CTX, OpenSslDeleter<OSSL_ENCODER_CTX_free>> encoder(
      OSSL_ENCODER_CTX_new_for_pkey(key.get(), EVP_PKEY_KEYPAIR, "PEM", "type-specific", nullptr));
  BioPtr bio(BIO_new(BIO_s_mem()));
  EXPECT_TRUE(encoder && bio);
  EXPECT_EQ(OSSL_ENCODER_to_bio(encoder.get(), bio.get()), 1);
  return Secret(BioText(bio.get()));
}

Secret EncryptPem(const Secret& pkcs8_pem, const std::string& password) {
  EvpPkeyPtr key = MustLoadKey(pkcs8_pem);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!key || !bio) return {};
  EXPECT_EQ(PEM_write_bio_PKCS8PrivateKey(bio.get(), key.get(), EVP_aes_256_cbc(), password.data(),
                                          static_cast<int>(password.size()), nullptr, nullptr),
            1);
  return Secret(BioText(bio.get()));
}

}  // namespace edgecert::crypto::testing
