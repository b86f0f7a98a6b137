// validate --online against the emulator: what passes on a good tree, and each error it must name.
#include "online/online_checks.h"

#include <gtest/gtest.h>

#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/kinds/kind_test_util.h"

namespace edgecert::testing {
namespace {

using online::Finding;

std::string PackYaml(const std::string& name, const std::string& host) {
  return "---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata:\n  name: " + name +
         "\nspec:\n  zone: example-com\n  hosts: [example.com, " + host +
         "]\n  certificateAuthority: google\n  validityDays: 90\n  validationMethod: txt\n";
}

std::string CaYaml(const std::string& name, const std::string& file) {
  return "---\napiVersion: edgecert.dev/v1\nkind: MTLSCertificate\nmetadata:\n  name: " + name +
         "\nspec:\n  account: main\n  ca: true\n  certificate: {file: " + file + "}\n";
}

// The findings of `severity` about `object`, as "object: message" lines.
std::string Of(const online::OnlineReport& report, Finding::Severity severity, const std::string& object) {
  std::string out;
  for (const auto& f : report.findings) {
    if (f.severity == severity && f.object == object) out += f.object + ": " + f.message + "\n";
  }
  return out;
}

std::string All(const online::OnlineReport& report) {
  std::string out;
  for (const auto& f : report.findings)
    out += std::to_string(static_cast<int>(f.severity)) + " " + f.object + ": " + f.message + "\n";
  return out;
}

online::OnlineReport Check(ReconcileHarness& h, bool verify_token = true) {
  online::OnlineOptions options;
  options.verify_token = verify_token;
  return online::CheckOnline(h.client(), h.desired(), options);
}

TEST(OnlineChecksTest, AGoodTreePasses) {
  ReconcileHarness h;
  h.WriteFile("ca.pem", TestCa(h, "Partner CA").certificate_pem);
  h.WriteFile("all.yaml", ReconcileHarness::ScopesYaml() + PackYaml("www", "www.example.com") + CaYaml("ca", "ca.pem"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  h.requests().Reset();
  auto report = Check(h);
  EXPECT_TRUE(report.ok()) << All(report);
  EXPECT_NE(Of(report, Finding::Severity::kOk, "credentials").find("active"), std::string::npos) << All(report);
  EXPECT_NE(Of(report, Finding::Severity::kOk, "Zone/example-com").find("read and edit"), std::string::npos);
  EXPECT_NE(Of(report, Finding::Severity::kOk, "Zone/example-com").find("the quota has 10 free"), std::string::npos)
      << All(report);
  EXPECT_NE(Of(report, Finding::Severity::kOk, "Account/main").find("1 CA certificate(s)"), std::string::npos)
      << All(report);
  // Read-only: GETs and nothing else.
  EXPECT_EQ(h.requests().Total(), h.requests().CountMethod("GET"));
}

TEST(OnlineChecksTest, MissingZoneAndAccountAreErrors) {
  ReconcileHarness h;
  h.WriteFile("all.yaml", R"(apiVersion: edgecert.dev/v1
kind: Account
metadata:
  name: main
spec:
  name: No Such Account
---
apiVersion: edgecert.dev/v1
kind: Zone
metadata:
  name: other
spec:
  name: nothere.example
  account: main
)");
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto report = Check(h);
  EXPECT_FALSE(report.ok());
  EXPECT_NE(Of(report, Finding::Severity::kError, "Account/main").find("No Such Account"), std::string::npos)
      << All(report);
  EXPECT_NE(Of(report, Finding::Severity::kError, "Zone/other").find("nothere.example"), std::string::npos)
      << All(report);
}

TEST(OnlineChecksTest, AReadOnlyTokenCannotEditTheZones) {
  ReconcileHarnessOptions options;
  options.token = emulator::kDefaultReadToken;
  ReconcileHarness h(options);
  h.WriteFile("all.yaml", ReconcileHarness::ScopesYaml());
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto report = Check(h);
  EXPECT_FALSE(report.ok());
  EXPECT_NE(Of(report, Finding::Severity::kError, "Zone/example-com").find("#ssl:edit"), std::string::npos)
      << All(report);
  EXPECT_NE(Of(report, Finding::Severity::kOk, "credentials").find("active"), std::string::npos);
}

TEST(OnlineChecksTest, PackQuotaTooSmallForTheManifests) {
  ReconcileHarnessOptions options;
  options.emulator.config.zones[0].advanced_pack_quota = 2;  // example.com
  ReconcileHarness h(options);
  api::OrderCertificatePackRequest existing;
  existing.hosts = {"example.com", "a.example.com"};
  existing.validation_method = "txt";
  existing.certificate_authority = "google";
  ASSERT_TRUE(h.client().OrderCertificatePack(h.ZoneId(), existing).ok());
  // a.example.com exists already (no quota needed); b and c are new: 2 needed, 1 free.
  h.WriteFile("all.yaml", ReconcileHarness::ScopesYaml() + PackYaml("a", "a.example.com") +
                              PackYaml("b", "b.example.com") + PackYaml("c", "c.example.com"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto report = Check(h);
  EXPECT_FALSE(report.ok());
  EXPECT_NE(
      Of(report, Finding::Severity::kError, "Zone/example-com").find("add 2 advanced pack(s); the quota has 1 free"),
      std::string::npos)
      << All(report);
  EXPECT_EQ(online::CheckPackQuota(h.client(), h.desired()).size(), 1u);
}

TEST(OnlineChecksTest, TooManyCasInTheAccount) {
  ReconcileHarness h;
  for (int i = 0; i < 5; ++i) {
    api::UploadMtlsCertificateRequest ca;
    ca.certificates = TestCa(h, "Existing CA " + std::to_string(i)).certificate_pem;
    ca.name = "existing-" + std::to_string(i);
    ASSERT_TRUE(h.client().UploadMtlsCertificate(h.AccountId(), ca).ok());
  }
  h.WriteFile("ca.pem", TestCa(h, "New CA").certificate_pem);
  h.WriteFile("all.yaml", ReconcileHarness::ScopesYaml() + CaYaml("new-ca", "ca.pem"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto report = Check(h);
  EXPECT_FALSE(report.ok());
  EXPECT_NE(Of(report, Finding::Severity::kError, "Account/main").find("= 6 (at most 5"), std::string::npos)
      << All(report);
}

TEST(OnlineChecksTest, CustomCertificatesGoThroughSslAnalyze) {
  ReconcileHarness h;
  auto ca = TestCa(h, "Customer CA");
  auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
  ASSERT_TRUE(key.ok());
  auto csr = crypto::CreateCsr(*key, Subject("shop.customer.test"), {"shop.customer.test"});
  ASSERT_TRUE(csr.ok());
  auto leaf = crypto::SignCsr(
      ca, *csr, 99, std::chrono::time_point_cast<crypto::TimePoint::duration>(h.clock().Now()) - std::chrono::hours(1),
      std::chrono::hours(24 * 90));
  ASSERT_TRUE(leaf.ok());
  h.WriteFile("shop.pem", *leaf + ca.certificate_pem);
  h.WriteFile("all.yaml", ReconcileHarness::ScopesYaml() + R"(---
apiVersion: edgecert.dev/v1
kind: CustomHostname
metadata:
  name: shop
spec:
  zone: example-com
  hostname: shop.customer.test
  ssl:
    bundleMethod: force
    customCertificate: {file: shop.pem}
    customKey: {env: EDGECERT_TEST_UNSET_KEY}
)");
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  h.requests().Reset();
  auto report = Check(h, false);
  EXPECT_TRUE(report.ok()) << All(report);
  EXPECT_NE(Of(report, Finding::Severity::kOk, "CustomHostname/shop").find("ssl/analyze takes"), std::string::npos)
      << All(report);
  EXPECT_EQ(h.requests().Count("POST", "/zones/{zone_id}/ssl/analyze"), 1);
  EXPECT_EQ(h.requests().Count("GET", "/user/tokens/verify"), 0);
}

}  // namespace
}  // namespace edgecert::testing
