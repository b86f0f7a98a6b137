#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <sstream>

#include "crypto/x509.h"
#include "tests/crypto/test_certificates.h"

namespace edgecert::crypto {
namespace {

using ::testing::HasSubstr;

class PemTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ca_ = std::make_unique<CertificateAuthority>(testing::MakeCa(KeyType::kP256));
    other_ = std::make_unique<CertificateAuthority>(testing::MakeCa(KeyType::kP256, "Other CA"));
  }
  static void TearDownTestSuite() {
    ca_.reset();
    other_.reset();
  }
  static inline std::unique_ptr<CertificateAuthority> ca_;
  static inline std::unique_ptr<CertificateAuthority> other_;
};

// Re-wraps the base64 body of every block at `width` columns with `newline` as line end.
std::string Rewrap(const std::string& pem, std::size_t width, const std::string& newline) {
  std::string out;
  std::string body;
  std::istringstream in(pem);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("-----", 0) == 0) {
      for (std::size_t i = 0; i < body.size(); i += width) out += body.substr(i, width) + newline;
      body.clear();
      out += line + newline;
    } else {
      body += line;
    }
  }
  return out;
}

std::string EscapeNewlines(const std::string& pem) {
  std::string out;
  for (char c : pem) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

TEST_F(PemTest, EquivalentSpellingsNormalizeEqual) {
  const std::string& pem = ca_->certificate_pem;
  const std::string canonical = NormalizePem(pem);
  EXPECT_EQ(canonical, pem) << "OpenSSL's own output is already canonical";
  EXPECT_EQ(NormalizePem(Rewrap(pem, 76, "\n")), canonical);
  EXPECT_EQ(NormalizePem(Rewrap(pem, 1000, "\n")), canonical);
  EXPECT_EQ(NormalizePem(Rewrap(pem, 64, "\r\n")), canonical);
  EXPECT_EQ(NormalizePem(EscapeNewlines(pem)), canonical);
  EXPECT_EQ(NormalizePem("\n\n  " + pem + "\n\n\n"), canonical);
  EXPECT_EQ(NormalizePem("subject=CN=Example CA\nissuer=CN=Example CA\n" + pem), canonical);
  std::string indented;
  std::istringstream in(pem);
  for (std::string line; std::getline(in, line);) indented += "    " + line + "  \n";
  EXPECT_EQ(NormalizePem(indented), canonical);
  // A normalized certificate still parses to the same certificate.
  auto a = ParseCertificate(NormalizePem(EscapeNewlines(pem)));
  auto b = ParseCertificate(pem);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->fingerprint_sha256, b->fingerprint_sha256);
}

TEST_F(PemTest, DifferentCertificatesDiffer) {
  EXPECT_NE(NormalizePem(ca_->certificate_pem), NormalizePem(other_->certificate_pem));
  std::string ab = ca_->certificate_pem + other_->certificate_pem;
  std::string ba = other_->certificate_pem + ca_->certificate_pem;
  EXPECT_NE(NormalizePem(ab), NormalizePem(ba)) << "bundle order matters";
  EXPECT_EQ(NormalizePem(Rewrap(ab, 76, "\r\n")), NormalizePem(ab));
  EXPECT_NE(NormalizePem(ab), NormalizePem(ca_->certificate_pem));
}

TEST_F(PemTest, NonPemTextIsTrimmed) {
  EXPECT_EQ(NormalizePem("  hello world \n"), "hello world");
  EXPECT_EQ(NormalizePem(""), "");
  EXPECT_EQ(NormalizePem("\r\n\t"), "");
}

TEST_F(PemTest, TruncatedBlockNormalizesWithoutCrashing) {
  const std::string& pem = ca_->certificate_pem;
  std::string truncated = pem.substr(0, pem.size() / 2);
  EXPECT_EQ(NormalizePem(truncated), NormalizePem(truncated + "\n"));
  EXPECT_NE(NormalizePem(truncated), NormalizePem(pem));
}

TEST_F(PemTest, InvalidBase64IsKeptNotDropped) {
  std::string a = "-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n";
  std::string b = "-----BEGIN CERTIFICATE-----\nnot*base65\n-----END CERTIFICATE-----\n";
  EXPECT_NE(NormalizePem(a), NormalizePem(b));
  EXPECT_THAT(NormalizePem(a), HasSubstr("not*base64"));
}

TEST_F(PemTest, ContainsPrivateKeyBlockRecognizesEveryLabel) {
  for (const char* label : {"RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY",
                            "DSA PRIVATE KEY", "OPENSSH PRIVATE KEY"}) {
    std::string block = std::string("-----BEGIN ") + label + "-----\nAAAA\n-----END " + label + "-----\n";
    EXPECT_TRUE(ContainsPrivateKeyBlock(block)) << label;
    EXPECT_TRUE(ContainsPrivateKeyBlock(ca_->certificate_pem + block)) << label << " after a certificate";
    EXPECT_TRUE(ContainsPrivateKeyBlock(EscapeNewlines(block))) << label << " escaped";
  }
  EXPECT_TRUE(ContainsPrivateKeyBlock(ca_->private_key_pem.Reveal()));
  EXPECT_TRUE(ContainsPrivateKeyBlock(testing::ToTraditionalPem(ca_->private_key_pem).Reveal()));
  EXPECT_TRUE(ContainsPrivateKeyBlock(testing::EncryptPem(ca_->private_key_pem, "pw").Reveal()));
}

TEST_F(PemTest, ContainsPrivateKeyBlockIgnoresOtherText) {
  EXPECT_FALSE(ContainsPrivateKeyBlock(ca_->certificate_pem));
  EXPECT_FALSE(ContainsPrivateKeyBlock("the PRIVATE KEY lives in a file, not here"));
  EXPECT_FALSE(ContainsPrivateKeyBlock("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
  EXPECT_FALSE(ContainsPrivateKeyBlock("-----BEGIN CERTIFICATE REQUEST-----"));
  EXPECT_FALSE(ContainsPrivateKeyBlock("-----BEGIN"));
  EXPECT_FALSE(ContainsPrivateKeyBlock(""));
}

}  // namespace
}  // namespace edgecert::crypto
