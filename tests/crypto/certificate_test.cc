#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>

#include "crypto/x509.h"
#include "tests/crypto/test_certificates.h"

namespace edgecert::crypto {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kStart;
using testing::MakeCa;
using testing::MakeLeaf;

class CertificateTest : public ::testing::Test {
 protected:
  // Key generation is the slow part; the suite shares one CA of each type.
  static void SetUpTestSuite() {
    rsa_ca_ = std::make_unique<CertificateAuthority>(MakeCa(KeyType::kRsa2048));
    ec_ca_ = std::make_unique<CertificateAuthority>(MakeCa(KeyType::kP256, "Example EC CA"));
  }
  static void TearDownTestSuite() {
    rsa_ca_.reset();
    ec_ca_.reset();
  }
  static inline std::unique_ptr<CertificateAuthority> rsa_ca_;
  static inline std::unique_ptr<CertificateAuthority> ec_ca_;
};

TEST_F(CertificateTest, SelfSignedRsaCa) {
  auto info = ParseCertificate(rsa_ca_->certificate_pem);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->subject, "CN=Example CA,O=Example,C=US");
  EXPECT_EQ(info->issuer, info->subject);
  EXPECT_EQ(info->common_name, "Example CA");
  EXPECT_EQ(info->signature_algorithm, "sha256WithRSAEncryption");
  EXPECT_TRUE(info->signature_algorithm_allowed);
  EXPECT_TRUE(info->is_ca);
  EXPECT_TRUE(info->self_signed);
  EXPECT_EQ(info->not_before, kStart);
  EXPECT_EQ(info->not_after, kStart + std::chrono::hours(24 * 365));
  EXPECT_TRUE(info->dns_names.empty());
  EXPECT_EQ(info->fingerprint_sha256.size(), 64u);
  EXPECT_EQ(info->fingerprint_sha256.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(info->public_key_sha256.size(), 64u);
  EXPECT_NE(info->public_key_sha256, info->fingerprint_sha256);
}

TEST_F(CertificateTest, SelfSignedEcCaUsesEcdsa) {
  auto info = ParseCertificate(ec_ca_->certificate_pem);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->signature_algorithm, "ecdsa-with-SHA256");
  EXPECT_TRUE(info->signature_algorithm_allowed);
  EXPECT_TRUE(info->is_ca);
  EXPECT_TRUE(info->self_signed);
}

TEST_F(CertificateTest, FingerprintsAreStableAndDistinct) {
  auto first = ParseCertificate(rsa_ca_->certificate_pem);
  auto second = ParseCertificate(rsa_ca_->certificate_pem);
  auto other = ParseCertificate(ec_ca_->certificate_pem);
  ASSERT_TRUE(first.ok() && second.ok() && other.ok());
  EXPECT_EQ(first->fingerprint_sha256, second->fingerprint_sha256);
  EXPECT_EQ(first->public_key_sha256, second->public_key_sha256);
  EXPECT_NE(first->fingerprint_sha256, other->fingerprint_sha256);
  EXPECT_NE(first->public_key_sha256, other->public_key_sha256);
}

TEST_F(CertificateTest, LeafCarriesSansSerialAndIssuer) {
  auto leaf = MakeLeaf(*rsa_ca_, {"example.com", "*.example.com", "api.example.com"}, 4242);
  auto info = ParseCertificate(leaf.certificate);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->subject, "CN=example.com,O=Example,C=US");
  EXPECT_EQ(info->issuer, "CN=Example CA,O=Example,C=US");
  EXPECT_EQ(info->serial_number, "4242");
  EXPECT_FALSE(info->is_ca);
  EXPECT_FALSE(info->self_signed);
  EXPECT_EQ(info->signature_algorithm, "sha256WithRSAEncryption");
  EXPECT_THAT(info->dns_names, ElementsAre("example.com", "*.example.com", "api.example.com"));
  auto csr = ParseCsr(leaf.csr);
  ASSERT_TRUE(csr.ok());
  EXPECT_EQ(info->public_key_sha256, csr->public_key_sha256);
}

TEST_F(CertificateTest, LargeSerialIsDecimal) {
  auto leaf = MakeLeaf(*ec_ca_, {"a.example"}, 18'446'744'073'709'551'615ull);
  auto info = ParseCertificate(leaf.certificate);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->serial_number, "18446744073709551615");
  EXPECT_EQ(info->signature_algorithm, "ecdsa-with-SHA256");
}

TEST_F(CertificateTest, IntermediateIsCaButNotSelfSigned) {
  auto key = GeneratePrivateKey(KeyType::kP256);
  ASSERT_TRUE(key.ok());
  auto csr = CreateCsr(*key, testing::Subject("Intermediate"), {});
  ASSERT_TRUE(csr.ok());
  auto cert = SignCsr(*rsa_ca_, *csr, 7, kStart, std::chrono::hours(24), /*is_ca=*/true);
  ASSERT_TRUE(cert.ok()) << cert.status().ToString();
  auto info = ParseCertificate(*cert);
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->is_ca);
  EXPECT_FALSE(info->self_signed);
}

TEST_F(CertificateTest, SameNameSignedByAnotherKeyIsNotSelfSigned) {
  // Issuer equals subject, but the signature comes from the CA's key, not the certificate's own.
  auto key = GeneratePrivateKey(KeyType::kP256);
  ASSERT_TRUE(key.ok());
  auto csr = CreateCsr(*key, testing::Subject("Example CA"), {});
  ASSERT_TRUE(csr.ok());
  auto cert = SignCsr(*rsa_ca_, *csr, 9, kStart, std::chrono::hours(24), true);
  ASSERT_TRUE(cert.ok());
  auto info = ParseCertificate(*cert);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->issuer, info->subject);
  EXPECT_FALSE(info->self_signed);
}

TEST_F(CertificateTest, Sha224SignatureIsNotAllowed) {
  std::string weak = testing::Resign(rsa_ca_->certificate_pem, rsa_ca_->private_key_pem, "SHA224");
  auto info = ParseCertificate(weak);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->signature_algorithm, "sha224WithRSAEncryption");
  EXPECT_FALSE(info->signature_algorithm_allowed);
  EXPECT_TRUE(info->self_signed);
}

TEST_F(CertificateTest, Sha384AndSha1SignaturesAreAllowed) {
  for (const char* digest : {"SHA384", "SHA512", "SHA1"}) {
    auto info = ParseCertificate(testing::Resign(ec_ca_->certificate_pem, ec_ca_->private_key_pem, digest));
    ASSERT_TRUE(info.ok()) << digest;
    EXPECT_TRUE(info->signature_algorithm_allowed) << info->signature_algorithm;
  }
}

TEST_F(CertificateTest, Ed25519SignatureIsNotAllowed) {
  auto info = ParseCertificate(testing::SelfSignWithEd25519(rsa_ca_->certificate_pem));
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->signature_algorithm, "ED25519");
  EXPECT_FALSE(info->signature_algorithm_allowed);
  EXPECT_TRUE(info->self_signed);
}

TEST_F(CertificateTest, ExpiredCertificateShowsPastNotAfter) {
  TimePoint now = kStart;
  auto leaf = MakeLeaf(*rsa_ca_, {"old.example"}, 11, now - std::chrono::hours(24 * 30), std::chrono::hours(24));
  auto info = ParseCertificate(leaf.certificate);
  ASSERT_TRUE(info.ok());
  EXPECT_LT(info->not_after, now);
  EXPECT_EQ(info->not_after, now - std::chrono::hours(24 * 29));
}

TEST_F(CertificateTest, TimesAfter2050UseGeneralizedTime) {
  TimePoint late = kStart + std::chrono::hours(24 * 365 * 40);  // 2065
  auto leaf = MakeLeaf(*rsa_ca_, {"future.example"}, 12, late, std::chrono::hours(24));
  auto info = ParseCertificate(leaf.certificate);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->not_before, late);
  EXPECT_EQ(info->not_after, late + std::chrono::hours(24));
}

TEST_F(CertificateTest, ChainParsesInOrderAndSkipsOtherText) {
  auto leaf = MakeLeaf(*rsa_ca_, {"chain.example"});
  std::string bundle = "subject=leaf\n" + leaf.certificate + "\n# the CA\n" + rsa_ca_->certificate_pem;
  auto chain = ParseCertificateChain(bundle);
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].common_name, "chain.example");
  EXPECT_EQ((*chain)[1].common_name, "Example CA");
  auto first = ParseCertificate(bundle);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->common_name, "chain.example");
}

TEST_F(CertificateTest, ChainWithTruncatedSecondCertificateFails) {
  std::string ca = rsa_ca_->certificate_pem;
  auto chain = ParseCertificateChain(ca + ca.substr(0, ca.size() / 2));
  ASSERT_FALSE(chain.ok());
  EXPECT_EQ(chain.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(chain.status().message(), HasSubstr("position 2"));
}

TEST_F(CertificateTest, EmptyChainIsAnError) {
  auto chain = ParseCertificateChain("no certificates here");
  ASSERT_FALSE(chain.ok());
  EXPECT_THAT(chain.status().message(), HasSubstr("no PEM certificate"));
}

TEST_F(CertificateTest, ParsingIsSafeFromManyThreads) {
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (ParseCertificate(rsa_ca_->certificate_pem).ok() && !ParseCertificate("junk").ok()) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good.load(), 200);
}

}  // namespace
}  // namespace edgecert::crypto
