// The PEM rules, on certificates, keys and CSRs generated at test time through edgecert_crypto.
#include <gmock/gmock.h>

#include "crypto/x509.h"
#include "tests/manifests/manifest_fixture.h"
#include "tests/manifests/rule_test_util.h"

namespace edgecert::manifests::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using std::chrono::hours;

class CertificateRulesTest : public ManifestTest {
 protected:
  crypto::TimePoint Now() const {
    return std::chrono::time_point_cast<crypto::TimePoint::duration>(clock_.Now());
  }

  crypto::CertificateAuthority Ca(crypto::TimePoint not_before, hours validity) {
    auto ca = crypto::CreateSelfSignedCa({"US", "", "", "Test", "", "Test CA"}, crypto::KeyType::kP256, not_before,
                                         validity);
    EXPECT_TRUE(ca.ok()) << ca.status().ToString();
    return std::move(ca).value();
  }

  // A certificate signed by `ca` for a new key; returns {certificate, key}.
  std::pair<std::string, Secret> Leaf(const crypto::CertificateAuthority& ca, bool is_ca = false) {
    auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
    auto csr = crypto::CreateCsr(*key, {"US", "", "", "Test", "", "leaf.example.com"}, {"leaf.example.com"});
    auto cert = crypto::SignCsr(ca, *csr, 7, Now() - hours(1), hours(24 * 30), is_ca);
    EXPECT_TRUE(cert.ok()) << cert.status().ToString();
    return {*cert, *key};
  }

  std::vector<std::string> WithMtls(const std::string& certificate_pem, bool ca, const std::string& extra = "") {
    dir_.Write("base.yaml", kBase);
    dir_.Write("cert.pem", certificate_pem);
    dir_.Write("mtls.yaml", Doc("MTLSCertificate", "m",
                                "account: main\nca: " + std::string(ca ? "true" : "false") +
                                    "\ncertificate: {file: cert.pem}\n" + extra));
    return LoadErrors();
  }
};

TEST_F(CertificateRulesTest, ValidCaPasses) {
  EXPECT_THAT(WithMtls(Ca(Now() - hours(1), hours(24 * 365)).certificate_pem, true), IsEmpty());
}

TEST_F(CertificateRulesTest, CaFlagRequiredWhenCaTrue) {
  auto ca = Ca(Now() - hours(1), hours(24 * 365));
  auto [leaf, key] = Leaf(ca);
  EXPECT_THAT(WithMtls(leaf, true),
              ElementsAre(HasSubstr("spec.certificate: ca is true but the certificate's Basic Constraints do not say CA:TRUE")));
  EXPECT_THAT(WithMtls(Leaf(ca, true).first, true), IsEmpty());
}

TEST_F(CertificateRulesTest, ExpiredIsRefused) {
  EXPECT_THAT(WithMtls(Ca(Now() - hours(48), hours(24)).certificate_pem, true),
              ElementsAre(HasSubstr("spec.certificate: certificate expired on 2025-12-31T00:00:00Z")));
}

TEST_F(CertificateRulesTest, NotYetValidIsRefused) {
  EXPECT_THAT(WithMtls(Ca(Now() + hours(24), hours(24 * 365)).certificate_pem, true),
              ElementsAre(HasSubstr("spec.certificate: certificate is not valid before 2026-01-02T00:00:00Z")));
}

TEST_F(CertificateRulesTest, GarbagePemIsRefused) {
  EXPECT_THAT(WithMtls("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", true),
              ElementsAre(HasSubstr("spec.certificate: not a valid PEM certificate")));
}

TEST_F(CertificateRulesTest, LeafNeedsPrivateKeyReference) {
  auto ca = Ca(Now() - hours(1), hours(24 * 365));
  EXPECT_THAT(WithMtls(Leaf(ca).first, false),
              ElementsAre(HasSubstr("spec.privateKey: required for a leaf certificate (ca: false)")));
}

TEST_F(CertificateRulesTest, LeafKeyFromFileMustMatch) {
  auto ca = Ca(Now() - hours(1), hours(24 * 365));
  auto [leaf, key] = Leaf(ca);
  auto [other_leaf, other_key] = Leaf(ca);
  dir_.Write("keys/leaf.key", key.Reveal());
  EXPECT_THAT(WithMtls(leaf, false, "privateKey: {file: keys/leaf.key}"), IsEmpty());
  dir_.Write("keys/leaf.key", other_key.Reveal());
  auto errors = WithMtls(leaf, false, "privateKey: {file: keys/leaf.key}");
  EXPECT_THAT(errors, ElementsAre(HasSubstr("spec.privateKey: the private key does not match the certificate")));
  EXPECT_THAT(errors[0], ::testing::Not(HasSubstr("PRIVATE KEY")));
}

TEST_F(CertificateRulesTest, LeafKeyFromEnvironmentMustMatch) {
  auto ca = Ca(Now() - hours(1), hours(24 * 365));
  auto [leaf, key] = Leaf(ca);
  // Absent offline (CI holds no secrets): not checked.
  EXPECT_THAT(WithMtls(leaf, false, "privateKey: {env: LEAF_KEY}"), IsEmpty());
  env_["LEAF_KEY"] = key.Reveal();
  EXPECT_THAT(WithMtls(leaf, false, "privateKey: {env: LEAF_KEY}"), IsEmpty());
  env_["LEAF_KEY"] = Leaf(ca).second.Reveal();
  EXPECT_THAT(WithMtls(leaf, false, "privateKey: {env: LEAF_KEY}"),
              ElementsAre(HasSubstr("spec.privateKey: the private key does not match the certificate")));
}

TEST_F(CertificateRulesTest, InlinePrivateKeyIsRefused) {
  auto ca = Ca(Now() - hours(1), hours(24 * 365));
  auto [leaf, key] = Leaf(ca);
  std::string inline_key = "privateKey: |\n";
  for (size_t start = 0; start < key.Reveal().size();) {
    size_t end = key.Reveal().find('\n', start);
    inline_key += "  " + key.Reveal().substr(start, end - start) + "\n";
    start = end + 1;
  }
  auto errors = WithMtls(leaf, false, inline_key);
  ASSERT_THAT(errors, ElementsAre(HasSubstr("MTLSCertificate/m: inline private key: a private key must never be "
                                            "written in a manifest; use {file: PATH} or {env: VARIABLE}")));
  EXPECT_THAT(errors[0], ::testing::Not(HasSubstr("BEGIN")));
}

TEST_F(CertificateRulesTest, AtMostFiveCasPerAccount) {
  dir_.Write("base.yaml", kBase);
  dir_.Write("ca.pem", Ca(Now() - hours(1), hours(24 * 365)).certificate_pem);
  std::string docs;
  for (int i = 1; i <= 5; ++i) {
    docs += Doc("MTLSCertificate", "ca" + std::to_string(i), "account: main\nca: true\ncertificate: {file: ca.pem}");
  }
  dir_.Write("cas.yaml", docs);
  EXPECT_THAT(LoadErrors(), IsEmpty());
  dir_.Write("six.yaml", Doc("MTLSCertificate", "ca6", "account: main\nca: true\ncertificate: {file: ca.pem}"));
  EXPECT_THAT(LoadErrors(),
              ElementsAre(HasSubstr("MTLSCertificate/ca6: spec.ca: Account \"main\" would have 6 CA certificates; "
                                    "at most 5 are allowed")));
}

TEST_F(CertificateRulesTest, ClientCertificateCsrMustParse) {
  auto key = crypto::GeneratePrivateKey(crypto::KeyType::kRsa2048);
  auto csr = crypto::CreateCsr(*key, {"US", "", "", "Test", "", "device"}, {});
  dir_.Write("base.yaml", kBase);
  dir_.Write("device.csr", *csr);
  dir_.Write("client.yaml", Doc("ClientCertificate", "c", "zone: example-com\ncsrFile: device.csr"));
  EXPECT_THAT(LoadErrors(), IsEmpty());
  dir_.Write("device.csr", "not a csr");
  EXPECT_THAT(LoadErrors(), ElementsAre(HasSubstr("ClientCertificate/c: spec.csrFile: not a valid PEM CSR")));
  std::filesystem::remove(dir_.path() / "device.csr");
  EXPECT_THAT(LoadErrors(), ElementsAre(HasSubstr("spec.csrFile: cannot read file \"device.csr\"")));
}

TEST_F(CertificateRulesTest, CustomCertificateMustNotBeSelfSigned) {
  auto ca = Ca(Now() - hours(1), hours(24 * 365));
  auto [leaf, key] = Leaf(ca);
  dir_.Write("base.yaml", kBase);
  dir_.Write("leaf.pem", leaf);
  dir_.Write("self.pem", ca.certificate_pem);
  dir_.Write("leaf.key", key.Reveal());
  auto hostname = [](const std::string& cert) {
    return Doc("CustomHostname", "h",
               "zone: example-com\nhostname: leaf.example.com\nssl:\n  customCertificate: {file: " + cert +
                   "}\n  customKey: {file: leaf.key}");
  };
  dir_.Write("h.yaml", hostname("leaf.pem"));
  EXPECT_THAT(LoadErrors(), IsEmpty());
  dir_.Write("h.yaml", hostname("self.pem"));
  EXPECT_THAT(LoadErrors(),
              ElementsAre(HasSubstr("spec.ssl.customCertificate: self-signed certificates are refused"),
                          HasSubstr("spec.ssl.customKey: the private key does not match the certificate")));
}

}  // namespace
}  // namespace edgecert::manifests::testing
