#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "crypto/x509.h"
#include "tests/crypto/test_certificates.h"

namespace edgecert::crypto {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::kStart;

TEST(CsrTest, RoundTripsSubjectNamesAndKeyType) {
  for (KeyType type : {KeyType::kRsa2048, KeyType::kP256}) {
    auto key = GeneratePrivateKey(type);
    ASSERT_TRUE(key.ok());
    DistinguishedName subject{"DE", "Berlin", "Berlin", "Example GmbH", "Edge", "www.example.de"};
    auto csr = CreateCsr(*key, subject, {"www.example.de", "example.de"});
    ASSERT_TRUE(csr.ok()) << csr.status().ToString();
    EXPECT_EQ(csr->rfind("-----BEGIN CERTIFICATE REQUEST-----", 0), 0u);
    auto info = ParseCsr(*csr);
    ASSERT_TRUE(info.ok()) << info.status().ToString();
    EXPECT_EQ(info->subject.country, "DE");
    EXPECT_EQ(info->subject.state, "Berlin");
    EXPECT_EQ(info->subject.locality, "Berlin");
    EXPECT_EQ(info->subject.organization, "Example GmbH");
    EXPECT_EQ(info->subject.organizational_unit, "Edge");
    EXPECT_EQ(info->subject.common_name, "www.example.de");
    EXPECT_THAT(info->dns_names, ElementsAre("www.example.de", "example.de"));
    EXPECT_EQ(info->key_type, type);
    EXPECT_TRUE(info->signature_valid);
    EXPECT_EQ(info->public_key_sha256.size(), 64u);
  }
}

TEST(CsrTest, Utf8SubjectSurvives) {
  auto key = GeneratePrivateKey(KeyType::kP256);
  ASSERT_TRUE(key.ok());
  DistinguishedName subject = testing::Subject("Zürich Öffentlich");
  auto csr = CreateCsr(*key, subject, {});
  ASSERT_TRUE(csr.ok()) << csr.status().ToString();
  auto info = ParseCsr(*csr);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->subject.common_name, "Zürich Öffentlich");
  EXPECT_TRUE(info->dns_names.empty());
}

TEST(CsrTest, TamperedSignatureIsDetectedAndNotSigned) {
  auto key = GeneratePrivateKey(KeyType::kP256);
  ASSERT_TRUE(key.ok());
  auto csr = CreateCsr(*key, testing::Subject("tamper.example"), {});
  ASSERT_TRUE(csr.ok());
  std::string tampered = *csr;
  std::size_t end = tampered.find("-----END");
  ASSERT_NE(end, std::string::npos);
  std::size_t pos = end - 10;  // within the last ~96 base64 characters: the ECDSA signature
  tampered[pos] = tampered[pos] == 'A' ? 'B' : 'A';
  auto info = ParseCsr(tampered);
  if (info.ok()) {
    EXPECT_FALSE(info->signature_valid);
  } else {
    EXPECT_EQ(info.status().code(), StatusCode::kInvalidArgument);  // the signature DER broke
  }
  auto ca = testing::MakeCa(KeyType::kP256);
  auto cert = SignCsr(ca, tampered, 1, kStart, std::chrono::hours(1));
  EXPECT_FALSE(cert.ok());
}

TEST(CsrTest, UnsupportedKeyTypesAreNamed) {
  auto rsa3072 = CreateCsr(testing::GenerateRsaKey(3072), testing::Subject("big"), {});
  ASSERT_TRUE(rsa3072.ok());
  auto info = ParseCsr(*rsa3072);
  ASSERT_FALSE(info.ok());
  EXPECT_THAT(info.status().message(), HasSubstr("3072"));

  auto ed = CreateCsr(testing::GenerateEd25519Key(), testing::Subject("ed"), {"ed.example"});
  ASSERT_TRUE(ed.ok()) << ed.status().ToString();
  auto ed_info = ParseCsr(*ed);
  ASSERT_FALSE(ed_info.ok());
  EXPECT_THAT(ed_info.status().message(), HasSubstr("ED25519"));
}

TEST(CsrTest, BadInputsAreRefused) {
  auto key = GeneratePrivateKey(KeyType::kP256);
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(CreateCsr(*key, DistinguishedName{}, {}).ok()) << "empty subject";
  DistinguishedName bad_country = testing::Subject("x");
  bad_country.country = "USA";
  EXPECT_FALSE(CreateCsr(*key, bad_country, {}).ok());
  EXPECT_FALSE(CreateCsr(*key, testing::Subject(std::string(65, 'c')), {}).ok()) << "CN over 64";
  EXPECT_FALSE(CreateCsr(*key, testing::Subject("x"), {""}).ok());
  EXPECT_FALSE(CreateCsr(*key, testing::Subject("x"), {"has space.example"}).ok());
  EXPECT_FALSE(CreateCsr(*key, testing::Subject("x"), {"bücher.example"}).ok());
  EXPECT_FALSE(CreateCsr(Secret("not a key"), testing::Subject("x"), {}).ok());
}

TEST(SignCsrTest, RefusesBadParameters) {
  auto ca = testing::MakeCa(KeyType::kP256);
  auto other = testing::MakeCa(KeyType::kP256, "Other CA");
  auto leaf = testing::MakeLeaf(ca, {"ok.example"});
  ASSERT_FALSE(leaf.csr.empty());
  EXPECT_FALSE(SignCsr(ca, leaf.csr, 0, kStart, std::chrono::hours(1)).ok()) << "serial 0";
  EXPECT_FALSE(SignCsr(ca, leaf.csr, 1, kStart, std::chrono::hours(0)).ok()) << "no validity";
  EXPECT_FALSE(SignCsr(ca, leaf.csr, 1, kStart, std::chrono::hours(-5)).ok());
  CertificateAuthority mixed{ca.certificate_pem, other.private_key_pem};
  auto mismatch = SignCsr(mixed, leaf.csr, 1, kStart, std::chrono::hours(1));
  ASSERT_FALSE(mismatch.ok());
  EXPECT_THAT(mismatch.status().message(), HasSubstr("does not belong"));
  EXPECT_FALSE(SignCsr(ca, "garbage", 1, kStart, std::chrono::hours(1)).ok());
  EXPECT_FALSE(SignCsr(CertificateAuthority{}, leaf.csr, 1, kStart, std::chrono::hours(1)).ok());
}

TEST(SignCsrTest, IssuedCertificateVerifiesAgainstItsCa) {
  auto ca = testing::MakeCa(KeyType::kRsa2048);
  auto leaf = testing::MakeLeaf(ca, {"v.example"});
  auto match = PrivateKeyMatchesCertificate(leaf.key, leaf.certificate);
  ASSERT_TRUE(match.ok());
  EXPECT_TRUE(*match);
  auto ca_match = PrivateKeyMatchesCertificate(ca.private_key_pem, ca.certificate_pem);
  ASSERT_TRUE(ca_match.ok());
  EXPECT_TRUE(*ca_match);
}

}  // namespace
}  // namespace edgecert::crypto
