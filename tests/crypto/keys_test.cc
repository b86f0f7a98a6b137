#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "crypto/x509.h"
#include "tests/crypto/test_certificates.h"

namespace edgecert::crypto {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// Every base64 line of the key; none of them may appear in an error message.
std::vector<std::string> KeyLines(const Secret& key) {
  std::vector<std::string> lines;
  std::istringstream in(key.Reveal());
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("-----", 0) != 0 && line.size() >= 16) lines.push_back(line);
  }
  return lines;
}

void ExpectNoKeyText(const Status& status, const Secret& key) {
  ASSERT_FALSE(status.ok());
  for (const std::string& line : KeyLines(key)) {
    EXPECT_EQ(status.message().find(line), std::string::npos) << "error message leaks key text";
    EXPECT_EQ(status.message().find(line.substr(0, 16)), std::string::npos) << "error message leaks key text";
  }
}

TEST(KeysTest, GeneratesPkcs8Keys) {
  for (KeyType type : {KeyType::kRsa2048, KeyType::kP256}) {
    auto key = GeneratePrivateKey(type);
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    EXPECT_THAT(key->Reveal(), StartsWith("-----BEGIN PRIVATE KEY-----"));
    EXPECT_TRUE(ContainsPrivateKeyBlock(key->Reveal()));
  }
  auto a = GeneratePrivateKey(KeyType::kP256);
  auto b = GeneratePrivateKey(KeyType::kP256);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->Reveal(), b->Reveal());
}

TEST(KeysTest, MatchAndMismatch) {
  auto ca = testing::MakeCa(KeyType::kP256);
  auto other_ec = GeneratePrivateKey(KeyType::kP256);
  auto other_rsa = GeneratePrivateKey(KeyType::kRsa2048);
  ASSERT_TRUE(other_ec.ok() && other_rsa.ok());

  auto same = PrivateKeyMatchesCertificate(ca.private_key_pem, ca.certificate_pem);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(*same);
  auto different = PrivateKeyMatchesCertificate(*other_ec, ca.certificate_pem);
  ASSERT_TRUE(different.ok());
  EXPECT_FALSE(*different);
  auto other_type = PrivateKeyMatchesCertificate(*other_rsa, ca.certificate_pem);
  ASSERT_TRUE(other_type.ok());
  EXPECT_FALSE(*other_type);
}

TEST(KeysTest, TraditionalEncodingsLoadAndMatch) {
  for (KeyType type : {KeyType::kRsa2048, KeyType::kP256}) {
    auto ca = testing::MakeCa(type);
    Secret traditional = testing::ToTraditionalPem(ca.private_key_pem);
    EXPECT_THAT(traditional.Reveal(),
                StartsWith(type == KeyType::kRsa2048 ? "-----BEGIN RSA PRIVATE KEY-----"
                                                     : "-----BEGIN EC PRIVATE KEY-----"));
    auto match = PrivateKeyMatchesCertificate(traditional, ca.certificate_pem);
    ASSERT_TRUE(match.ok()) << match.status().ToString();
    EXPECT_TRUE(*match);
  }
}

TEST(KeysTest, EncryptedKeyIsRefusedWithoutPrompting) {
  auto ca = testing::MakeCa(KeyType::kP256);
  Secret encrypted = testing::EncryptPem(ca.private_key_pem, "correct horse");
  EXPECT_THAT(encrypted.Reveal(), StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  auto match = PrivateKeyMatchesCertificate(encrypted, ca.certificate_pem);
  ASSERT_FALSE(match.ok());
  EXPECT_EQ(match.status().code(), StatusCode::kInvalidArgument);
  ExpectNoKeyText(match.status(), encrypted);
  EXPECT_THAT(match.status().message(), ::testing::Not(HasSubstr("correct horse")));
}

TEST(KeysTest, ErrorMessagesNeverContainKeyText) {
  auto key = GeneratePrivateKey(KeyType::kRsa2048);
  ASSERT_TRUE(key.ok());
  const std::string& pem = key->Reveal();

  // A key with a corrupted middle line: the decoder fails somewhere inside the key bytes.
  std::string corrupted = pem;
  std::size_t middle = corrupted.size() / 2;
  corrupted.replace(middle, 8, "!!!!!!!!");
  ExpectNoKeyText(PrivateKeyMatchesCertificate(Secret(corrupted), "x").status(), *key);
  // A truncated key.
  ExpectNoKeyText(PrivateKeyMatchesCertificate(Secret(pem.substr(0, pem.size() / 2)), "x").status(), *key);
  // A key without its armour.
  std::string bare = pem.substr(pem.find('\n') + 1);
  bare = bare.substr(0, bare.find("-----END"));
  ExpectNoKeyText(PrivateKeyMatchesCertificate(Secret(bare), "x").status(), *key);
  // A good key but a garbage certificate, and a good key with a bad subject.
  ExpectNoKeyText(PrivateKeyMatchesCertificate(*key, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
                      .status(),
                  *key);
  DistinguishedName bad = testing::Subject("x");
  bad.country = "Nowhere";
  ExpectNoKeyText(CreateCsr(*key, bad, {}).status(), *key);
  // The key passed where a certificate is expected.
  ExpectNoKeyText(ParseCertificate(pem).status(), *key);
  ExpectNoKeyText(ParseCsr(pem).status(), *key);
  CertificateAuthority swapped{pem, Secret("-----BEGIN CERTIFICATE-----\n" + bare + "-----END CERTIFICATE-----\n")};
  ExpectNoKeyText(SignCsr(swapped, "x", 1, testing::kStart, std::chrono::hours(1)).status(), *key);
}

}  // namespace
}  // namespace edgecert::crypto
