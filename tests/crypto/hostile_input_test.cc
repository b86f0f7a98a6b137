// Garbage, binary, truncated and oversized input must come back as errors, never as a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "crypto/x509.h"
#include "tests/crypto/test_certificates.h"

namespace edgecert::crypto {
namespace {

using ::testing::HasSubstr;

void ExpectAllParsersRefuse(std::string_view input) {
  auto cert = ParseCertificate(input);
  EXPECT_FALSE(cert.ok());
  if (!cert.ok()) {
    EXPECT_EQ(cert.status().code(), StatusCode::kInvalidArgument) << cert.status().ToString();
  }
  EXPECT_FALSE(ParseCertificateChain(input).ok());
  EXPECT_FALSE(ParseCsr(input).ok());
  EXPECT_FALSE(PrivateKeyMatchesCertificate(Secret(std::string(input)), input).ok());
  NormalizePem(input);
  ContainsPrivateKeyBlock(input);
}

TEST(HostileInputTest, GarbageIsRefused) {
  ExpectAllParsersRefuse("");
  ExpectAllParsersRefuse("hello");
  ExpectAllParsersRefuse("-----BEGIN CERTIFICATE-----");
  ExpectAllParsersRefuse("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n");
  ExpectAllParsersRefuse("-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n");
  ExpectAllParsersRefuse("-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n");
  ExpectAllParsersRefuse("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n");
  ExpectAllParsersRefuse(std::string("\0\0\0\x30\x82\x01\x0a", 8));
}

TEST(HostileInputTest, DerAndTruncatedPemAreRefused) {
  auto ca = testing::MakeCa(KeyType::kP256);
  const std::string& pem = ca.certificate_pem;
  // A missing final newline is still a valid PEM; a missing dash of the END line is not.
  ASSERT_TRUE(ParseCertificate(pem.substr(0, pem.size() - 1)).ok());
  for (std::size_t cut : {pem.size() - 2, pem.size() - 30, pem.size() / 2, std::size_t{40}, std::size_t{28}}) {
    ExpectAllParsersRefuse(pem.substr(0, cut));
  }
}

TEST(HostileInputTest, HugeInputIsRefusedBySize) {
  std::string huge(5u << 20, 'A');
  huge = "-----BEGIN CERTIFICATE-----\n" + huge + "\n-----END CERTIFICATE-----\n";
  auto cert = ParseCertificate(huge);
  ASSERT_FALSE(cert.ok());
  EXPECT_THAT(cert.status().message(), HasSubstr("larger than"));
  ExpectAllParsersRefuse(huge);
  std::string many_begins;
  for (int i = 0; i < 100000; ++i) many_begins += "-----BEGIN X";
  ExpectAllParsersRefuse(many_begins);
}

TEST(HostileInputTest, SeededMutationsNeverCrash) {
  auto ca = testing::MakeCa(KeyType::kP256);
  auto leaf = testing::MakeLeaf(ca, {"fuzz.example"});
  std::mt19937 random(20260101);
  const std::vector<std::string> seeds = {ca.certificate_pem, leaf.csr, leaf.certificate + ca.certificate_pem,
                                          leaf.key.Reveal()};
  int parsed = 0;
  for (int i = 0; i < 400; ++i) {
    std::string input = seeds[i % seeds.size()];
    std::size_t header = input.find('\n') + 1;
    std::size_t footer = input.rfind("-----END");
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      std::size_t pos = header + random() % (footer - header);
      switch (random() % 3) {
        case 0: input[pos] = static_cast<char>(random() % 256); break;
        case 1: input.erase(pos, 1 + random() % 8); break;
        default: input.insert(pos, 1, "AZaz09+/="[random() % 9]); break;
      }
      footer = std::min(footer, input.size() - 1);
    }
    // Hostile input is the caller's problem (InvalidArgument), never reported as our bug (Internal).
    auto cert = ParseCertificate(input);
    auto chain = ParseCertificateChain(input);
    auto csr = ParseCsr(input);
    auto match = PrivateKeyMatchesCertificate(Secret(input), ca.certificate_pem);
    auto issued = SignCsr(ca, input, 1, testing::kStart, std::chrono::hours(1));
    for (const Status* status : {&cert.status(), &chain.status(), &csr.status(), &match.status(), &issued.status()}) {
      EXPECT_NE(status->code(), StatusCode::kInternal) << status->ToString();
    }
    parsed += cert.ok() + csr.ok();
    NormalizePem(input);
  }
  // Mutations inside signature bits still parse; most others must not.
  EXPECT_LT(parsed, 400);
}

}  // namespace
}  // namespace edgecert::crypto
