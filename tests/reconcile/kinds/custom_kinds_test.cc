// End-to-end: the CustomCSR and CustomHostname reconcilers against the real emulator: CSR written with
// real newlines, immutable replacement, delete-in-use reported; DV hostnames created, updated in place
// and deleted; a custom certificate uploaded against its CustomCSR; adoption of unowned objects.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reconcile/kinds/custom_csr_reconciler.h"
#include "reconcile/kinds/custom_hostname_reconciler.h"
#include "tests/reconcile/kinds/kind_test_util.h"

namespace edgecert::testing {
namespace {

using reconcile::ChangeType;
using reconcile::ReconcileResult;

std::string CsrYaml(const std::string& sans) {
  return R"(apiVersion: edgecert.dev/v1
kind: CustomCSR
metadata:
  name: saas-csr
spec:
  zone: example-com
  country: US
  state: California
  locality: San Francisco
  organization: Example Inc
  commonName: shop.customer.test
  sans: )" + sans + R"(
  csrOutputFile: out/saas.csr
)";
}

std::string HostnameYaml(const std::string& extra) {
  return R"(apiVersion: edgecert.dev/v1
kind: CustomHostname
metadata:
  name: shop
spec:
  zone: example-com
  hostname: shop.customer.test
)" + extra;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class CustomKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
    h.WriteFile("csr.yaml", CsrYaml("[shop.customer.test]"));
    ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  }

  std::string OwnedId(manifests::Kind kind, const std::string& name) {
    auto owned = h.inventory().Find({kind, name});
    return owned ? owned->remote_id : "";
  }

  // Signs the CSR edgecert wrote out, as the customer's CA would, and names it in the hostname manifest.
  void UploadCertificateAgainstCsr() {
    const std::string csr = ReadFile(h.manifest_dir() / "out" / "saas.csr");
    const auto ca = TestCa(h, "Customer Issuing CA");
    auto certificate = crypto::SignCsr(ca, csr, 4242,
                                       std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                                           h.clock().Now() - std::chrono::hours(1)),
                                       std::chrono::hours(24 * 90));
    ASSERT_TRUE(certificate.ok()) << certificate.status().ToString();
    h.WriteFile("shop.pem", *certificate);
    h.WriteFile("hostname.yaml", HostnameYaml(R"(  ssl:
    customCsr: saas-csr
    customCertificate: {file: shop.pem}
)"));
    ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  }

  ReconcileHarness h;
  reconcile::CustomCsrReconciler csrs;
  reconcile::CustomHostnameReconciler hostnames;
};

TEST_F(CustomKindsTest, CsrIsCreatedAndWrittenWithRealNewlinesThenNoOp) {
  EXPECT_EQ(PlanOf(csrs, "saas-csr", h).type, ChangeType::kCreate);
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  const std::string written = ReadFile(h.manifest_dir() / "out" / "saas.csr");
  EXPECT_EQ(written.rfind("-----BEGIN CERTIFICATE REQUEST-----\n", 0), 0u);
  EXPECT_EQ(written.find("\\n"), std::string::npos);
  EXPECT_GT(std::count(written.begin(), written.end(), '\n'), 3);
  auto parsed = crypto::ParseCsr(written);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->subject.common_name, "shop.customer.test");

  EXPECT_EQ(PlanOf(csrs, "saas-csr", h).type, ChangeType::kNoOp);
  const auto seq = h.LastHistorySeq();
  h.requests().Reset();
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(h.LastHistorySeq(), seq);
}

TEST_F(CustomKindsTest, ChangedCsrIsReplacedAndTheOldOneDeleted) {
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  const std::string old_id = OwnedId(manifests::Kind::kCustomCsr, "saas-csr");
  h.WriteFile("csr.yaml", CsrYaml("[shop.customer.test, www.shop.customer.test]"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  EXPECT_EQ(PlanOf(csrs, "saas-csr", h).type, ChangeType::kReplace);
  const auto since = h.LastHistorySeq();
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  const std::string new_id = OwnedId(manifests::Kind::kCustomCsr, "saas-csr");
  ASSERT_NE(new_id, old_id);
  EXPECT_EQ(Changes(h, since, "custom_csr"), (std::vector<std::string>{"create " + new_id, "delete " + old_id}));
  EXPECT_EQ(PlanOf(csrs, "saas-csr", h).type, ChangeType::kNoOp);
}

TEST_F(CustomKindsTest, AdoptsAnUnownedCsrWithTheSameSubject) {
  api::CreateCustomCsrRequest request;
  request.country = "US";
  request.state = "California";
  request.locality = "San Francisco";
  request.organization = "Example Inc";
  request.common_name = "shop.customer.test";
  request.sans = {"shop.customer.test"};
  auto existing = h.client().CreateCustomCsr(h.ZoneId(), request);
  ASSERT_TRUE(existing.ok()) << existing.status().ToString();
  EXPECT_EQ(PlanOf(csrs, "saas-csr", h).type, ChangeType::kAdopt);
  h.requests().Reset();
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(OwnedId(manifests::Kind::kCustomCsr, "saas-csr"), existing->id);
}

TEST_F(CustomKindsTest, AmbiguousCsrCreateIsAdoptedNotRepeated) {
  h.SetFaults(web::json::value::parse(R"({"drops": [{"route": "*/custom_csrs", "rate": 1, "remaining": 1}]})"));
  EXPECT_EQ(Converge(csrs, "saas-csr", h, 0).status().code(), StatusCode::kAmbiguous);
  EXPECT_TRUE(h.inventory().FindIntent({manifests::Kind::kCustomCsr, "saas-csr"}));
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  auto list = h.client().ListCustomCsrs(h.ZoneId());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(OwnedId(manifests::Kind::kCustomCsr, "saas-csr"), list->at(0).id);
  EXPECT_FALSE(h.inventory().FindIntent({manifests::Kind::kCustomCsr, "saas-csr"}));
}

TEST_F(CustomKindsTest, HostnameUploadsTheCustomCertificateAgainstItsCsr) {
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  ASSERT_NO_FATAL_FAILURE(UploadCertificateAgainstCsr());
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kCreate);
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  auto remote = h.client().GetCustomHostname(h.ZoneId(), OwnedId(manifests::Kind::kCustomHostname, "shop"));
  ASSERT_TRUE(remote.ok()) << remote.status().ToString();
  ASSERT_TRUE(remote->ssl);
  EXPECT_EQ(remote->ssl->custom_csr_id.value_or(""), OwnedId(manifests::Kind::kCustomCsr, "saas-csr"));
  EXPECT_EQ(remote->ssl->serial_number.value_or(""), "4242");
  EXPECT_EQ(h.status().Get({manifests::Kind::kCustomHostname, "shop"})->phase, reconcile::Phase::kReady);

  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kNoOp);
  const auto seq = h.LastHistorySeq();
  h.requests().Reset();
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(h.LastHistorySeq(), seq);

  // While the hostname uses the CSR's key, pruning the CSR is refused: reported, not retried.
  const auto owned_csr = h.inventory().Find({manifests::Kind::kCustomCsr, "saas-csr"});
  ASSERT_TRUE(owned_csr);
  h.NewPass();
  auto ctx = h.Context();
  auto result = csrs.Delete(*owned_csr, ctx);
  EXPECT_EQ(result.action(), ReconcileResult::Action::kFailed);
  EXPECT_NE(result.status().message().find("in use"), std::string::npos) << result.status().ToString();
  auto status = h.status().Get({manifests::Kind::kCustomCsr, "saas-csr"});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->phase, reconcile::Phase::kFailed);
  EXPECT_TRUE(h.inventory().Find({manifests::Kind::kCustomCsr, "saas-csr"}));
}

TEST_F(CustomKindsTest, DvHostnameCreatedUpdatedInPlaceAndDeleted) {
  h.WriteFile("hostname.yaml", HostnameYaml(R"(  ssl:
    method: txt
  customMetadata: {tier: gold}
)"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kCreate);
  h.NewPass();
  auto ctx = h.Context();
  EXPECT_EQ(hostnames.Reconcile("shop", ctx).action(), ReconcileResult::Action::kRequeueAfter);
  auto pending = h.status().Get({manifests::Kind::kCustomHostname, "shop"});
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->phase, reconcile::Phase::kProgressing);
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  const std::string id = OwnedId(manifests::Kind::kCustomHostname, "shop");
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kNoOp);
  h.requests().Reset();
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);

  // Origin and metadata change in place: one PATCH without the ssl object (no lifecycle restart).
  h.WriteFile("hostname.yaml", HostnameYaml(R"(  ssl:
    method: txt
  customOriginServer: origin.example.com
  customMetadata: {tier: platinum}
)"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto plan = PlanOf(hostnames, "shop", h);
  EXPECT_EQ(plan.type, ChangeType::kUpdate);
  h.requests().Reset();
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(h.requests().CountMethod("PATCH"), 1);
  EXPECT_EQ(Writes(h), 1);
  auto remote = h.client().GetCustomHostname(h.ZoneId(), id);
  ASSERT_TRUE(remote.ok());
  EXPECT_EQ(remote->custom_origin_server.value_or(""), "origin.example.com");
  EXPECT_EQ(remote->custom_metadata.at("tier"), "platinum");
  EXPECT_EQ(remote->ssl->status.value_or(""), "active");
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kNoOp);

  const auto owned = h.inventory().Find({manifests::Kind::kCustomHostname, "shop"});
  ASSERT_TRUE(owned);
  h.NewPass();
  auto ctx1 = h.Context();
  ASSERT_EQ(hostnames.Delete(*owned, ctx1).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(h.client().GetCustomHostname(h.ZoneId(), id).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(h.inventory().Find({manifests::Kind::kCustomHostname, "shop"}));
}

TEST_F(CustomKindsTest, HostnameWaitsForItsCsr) {
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  ASSERT_NO_FATAL_FAILURE(UploadCertificateAgainstCsr());
  // The CSR exists only in the manifests of another zone's owner: drop it remotely and forget it.
  ASSERT_TRUE(h.client().DeleteCustomCsr(h.ZoneId(), OwnedId(manifests::Kind::kCustomCsr, "saas-csr")).ok());
  ASSERT_TRUE(h.inventory().Remove({manifests::Kind::kCustomCsr, "saas-csr"}).ok());
  h.requests().Reset();
  h.NewPass();
  auto ctx = h.Context();
  EXPECT_EQ(hostnames.Reconcile("shop", ctx).action(), ReconcileResult::Action::kRequeueAfter);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(h.status().Get({manifests::Kind::kCustomHostname, "shop"})->phase, reconcile::Phase::kPending);
}

// A hostname that names its CSR before the customer's certificate exists (the examples' SaaS flow):
// the create cannot carry custom_csr_id, so the read-back must not plan a PATCH that restarts SSL forever.
TEST_F(CustomKindsTest, HostnameWithCsrButNoCertificateYetConvergesWithoutRewrites) {
  h.WriteFile("hostname.yaml", HostnameYaml(R"(  ssl:
    customCsr: saas-csr
)"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  ASSERT_EQ(Converge(csrs, "saas-csr", h).action(), ReconcileResult::Action::kDone);
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kNoOp);
  h.requests().Reset();
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
}

TEST_F(CustomKindsTest, AdoptsAnUnownedHostnameByName) {
  h.WriteFile("hostname.yaml", HostnameYaml(""));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  api::CreateCustomHostnameRequest request;
  request.hostname = "shop.customer.test";
  request.ssl.method = "http";
  auto existing = h.client().CreateCustomHostname(h.ZoneId(), request);
  ASSERT_TRUE(existing.ok()) << existing.status().ToString();
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kAdopt);
  h.requests().Reset();
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(OwnedId(manifests::Kind::kCustomHostname, "shop"), existing->id);
}

// A hostname made outside edgecert that differs from its manifest is a conflict: planned as such and left
// alone (no PATCH, not adopted) until the manifest says adoptionPolicy: Update.
TEST_F(CustomKindsTest, AnUnownedHostnameThatDiffersIsAConflictUntilTheManifestOptsIn) {
  h.WriteFile("hostname.yaml", HostnameYaml("  customMetadata: {tier: gold}\n"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  api::CreateCustomHostnameRequest request;
  request.hostname = "shop.customer.test";
  request.ssl.method = "http";
  request.custom_metadata = {{"tier", "bronze"}};
  auto existing = h.client().CreateCustomHostname(h.ZoneId(), request);
  ASSERT_TRUE(existing.ok()) << existing.status().ToString();
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kConflict);
  h.requests().Reset();
  h.NewPass();
  auto ctx = h.Context();
  ReconcileResult result = hostnames.Reconcile("shop", ctx);
  EXPECT_EQ(result.action(), ReconcileResult::Action::kFailed);
  EXPECT_NE(result.status().message().find("conflict"), std::string::npos) << result.status().message();
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(OwnedId(manifests::Kind::kCustomHostname, "shop"), "");
  auto status = h.status().Get({manifests::Kind::kCustomHostname, "shop"});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->phase, reconcile::Phase::kFailed);

  h.WriteFile("hostname.yaml", HostnameYaml("  customMetadata: {tier: gold}\n  adoptionPolicy: Update\n"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  EXPECT_EQ(PlanOf(hostnames, "shop", h).type, ChangeType::kAdoptAndUpdate);
  ASSERT_EQ(Converge(hostnames, "shop", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(OwnedId(manifests::Kind::kCustomHostname, "shop"), existing->id);
  EXPECT_EQ(h.client().GetCustomHostname(h.ZoneId(), existing->id)->custom_metadata.at("tier"), "gold");
}

}  // namespace
}  // namespace edgecert::testing
