// End-to-end: MTLSCertificate and HostnameAssociation reconcilers against the real emulator.
#include <gtest/gtest.h>

#include <algorithm>

#include "reconcile/kinds/hostname_association_reconciler.h"
#include "reconcile/kinds/mtls_certificate_reconciler.h"
#include "tests/reconcile/kinds/kind_test_util.h"

namespace edgecert::testing {
namespace {

using reconcile::ChangeType;
using reconcile::ReconcileResult;

std::string MtlsYaml(const std::string& pem_file) {
  return R"(apiVersion: edgecert.dev/v1
kind: MTLSCertificate
metadata:
  name: api-ca
spec:
  account: main
  ca: true
  certificate: {file: )" + pem_file + R"(}
)";
}

std::string AssociationYaml() {
  return R"(apiVersion: edgecert.dev/v1
kind: HostnameAssociation
metadata:
  name: api-ca-hosts
spec:
  zone: example-com
  mtlsCertificate: api-ca
  hostnames: [api.example.com, WWW.example.com]
)";
}

class MtlsKindsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
    h.WriteFile("ca1.pem", TestCa(h, "Example CA 1").certificate_pem);
    h.WriteFile("ca2.pem", TestCa(h, "Example CA 2").certificate_pem);
    h.WriteFile("mtls.yaml", MtlsYaml("ca1.pem"));
    h.WriteFile("association.yaml", AssociationYaml());
    ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  }

  std::vector<std::string> Associated(const std::string& certificate_id) {
    auto set = h.client().GetHostnameAssociations(h.ZoneId(), certificate_id);
    EXPECT_TRUE(set.ok()) << set.status().ToString();
    auto hosts = set.ok() ? set->hostnames : std::vector<std::string>{};
    std::sort(hosts.begin(), hosts.end());
    return hosts;
  }

  std::string OwnedId(manifests::Kind kind, const std::string& name) {
    auto owned = h.inventory().Find({kind, name});
    return owned ? owned->remote_id : "";
  }

  ReconcileHarness h;
  reconcile::MtlsCertificateReconciler mtls;
  reconcile::HostnameAssociationReconciler associations;
};

TEST_F(MtlsKindsTest, CreatesFromEmptyAndSecondPassWritesNothing) {
  EXPECT_EQ(PlanOf(mtls, "api-ca", h).type, ChangeType::kCreate);
  EXPECT_EQ(PlanOf(associations, "api-ca-hosts", h).type, ChangeType::kCreate);
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  ASSERT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  const std::string id = OwnedId(manifests::Kind::kMtlsCertificate, "api-ca");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(Associated(id), (std::vector<std::string>{"api.example.com", "www.example.com"}));
  EXPECT_FALSE(h.inventory().FindIntent({manifests::Kind::kMtlsCertificate, "api-ca"}));

  // Converged: plans no-op, and a reconcile makes no write (client count and emulator history agree).
  EXPECT_EQ(PlanOf(mtls, "api-ca", h).type, ChangeType::kNoOp);
  EXPECT_EQ(PlanOf(associations, "api-ca-hosts", h).type, ChangeType::kNoOp);
  const auto seq = h.LastHistorySeq();
  h.requests().Reset();
  EXPECT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(h.LastHistorySeq(), seq);
  h.NewPass();
  auto ctx = h.Context();
  EXPECT_TRUE(mtls.Ready("api-ca", ctx));
  EXPECT_TRUE(associations.Ready("api-ca-hosts", ctx));
  auto status = h.status().Get({manifests::Kind::kMtlsCertificate, "api-ca"});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->phase, reconcile::Phase::kReady);
  EXPECT_EQ(status->remote_id, id);
  EXPECT_TRUE(status->expires_on.has_value());
}

TEST_F(MtlsKindsTest, NewPemUploadsMovesAssociationsThenDeletesOld) {
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  ASSERT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  const std::string old_id = OwnedId(manifests::Kind::kMtlsCertificate, "api-ca");

  h.WriteFile("mtls.yaml", MtlsYaml("ca2.pem"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto plan = PlanOf(mtls, "api-ca", h);
  EXPECT_EQ(plan.type, ChangeType::kReplace);
  EXPECT_EQ(plan.remote_id, old_id);
  const auto since = h.LastHistorySeq();
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  const std::string new_id = OwnedId(manifests::Kind::kMtlsCertificate, "api-ca");
  ASSERT_NE(new_id, old_id);
  EXPECT_EQ(Associated(new_id), (std::vector<std::string>{"api.example.com", "www.example.com"}));

  // Order in the emulator's history: upload the new one, move the hostnames, then delete the old one.
  auto history = h.History(since);
  std::vector<std::string> steps;
  for (std::size_t i = 0; i < history.size(); ++i) {
    steps.push_back(history.at(i).at("kind").as_string() + " " + history.at(i).at("action").as_string() + " " +
                    history.at(i).at("id").as_string());
  }
  EXPECT_EQ(steps, (std::vector<std::string>{"mtls_certificate create " + new_id,
                                             "hostname_association update " + new_id,
                                             "mtls_certificate delete " + old_id}));
  // The association object follows the new id without another write.
  EXPECT_EQ(PlanOf(associations, "api-ca-hosts", h).type, ChangeType::kNoOp);
  EXPECT_EQ(PlanOf(mtls, "api-ca", h).type, ChangeType::kNoOp);
  h.requests().Reset();
  EXPECT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(OwnedId(manifests::Kind::kHostnameAssociation, "api-ca-hosts"), new_id);
}

TEST_F(MtlsKindsTest, AssociationUpdateIsOnePutComparedAsASet) {
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  ASSERT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  h.WriteFile("association.yaml", R"(apiVersion: edgecert.dev/v1
kind: HostnameAssociation
metadata:
  name: api-ca-hosts
spec:
  zone: example-com
  mtlsCertificate: api-ca
  hostnames: [www.example.com, mtls.example.com]
)");
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto plan = PlanOf(associations, "api-ca-hosts", h);
  EXPECT_EQ(plan.type, ChangeType::kUpdate);
  ASSERT_EQ(plan.fields.size(), 1u);
  EXPECT_EQ(plan.fields[0].before, "api.example.com,www.example.com");
  EXPECT_EQ(plan.fields[0].after, "mtls.example.com,www.example.com");
  h.requests().Reset();
  ASSERT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(h.requests().CountMethod("PUT"), 1);
  EXPECT_EQ(Writes(h), 1);
  EXPECT_EQ(Associated(OwnedId(manifests::Kind::kMtlsCertificate, "api-ca")),
            (std::vector<std::string>{"mtls.example.com", "www.example.com"}));
}

TEST_F(MtlsKindsTest, PruningTheCaEmptiesItsAssociationsFirst) {
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  ASSERT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  const auto owned = h.inventory().Find({manifests::Kind::kMtlsCertificate, "api-ca"});
  ASSERT_TRUE(owned);
  h.RemoveFile("mtls.yaml");
  h.RemoveFile("association.yaml");
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));

  h.NewPass();
  auto ctx = h.Context();
  auto plan = mtls.PlanDelete(*owned, ctx);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->type, ChangeType::kDelete);
  const auto since = h.LastHistorySeq();
  h.NewPass();
  auto ctx1 = h.Context();
  ASSERT_EQ(mtls.Delete(*owned, ctx1).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Changes(h, since, ""), (std::vector<std::string>{"update " + owned->remote_id,
                                                              "delete " + owned->remote_id}));
  EXPECT_FALSE(h.inventory().Find({manifests::Kind::kMtlsCertificate, "api-ca"}));

  // The association's own prune is then a no-op write-wise (its certificate is gone) and forgets it.
  const auto association = h.inventory().Find({manifests::Kind::kHostnameAssociation, "api-ca-hosts"});
  ASSERT_TRUE(association);
  h.NewPass();
  auto ctx2 = h.Context();
  EXPECT_EQ(associations.Delete(*association, ctx2).action(), ReconcileResult::Action::kDone);
  EXPECT_FALSE(h.inventory().Find({manifests::Kind::kHostnameAssociation, "api-ca-hosts"}));
}

TEST_F(MtlsKindsTest, PruningAnAssociationPutsTheEmptySet) {
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  ASSERT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  const auto association = h.inventory().Find({manifests::Kind::kHostnameAssociation, "api-ca-hosts"});
  ASSERT_TRUE(association);
  h.RemoveFile("association.yaml");
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  h.NewPass();
  auto ctx = h.Context();
  ASSERT_EQ(associations.Delete(*association, ctx).action(), ReconcileResult::Action::kDone);
  EXPECT_TRUE(Associated(association->remote_id).empty());
  EXPECT_FALSE(h.inventory().Find({manifests::Kind::kHostnameAssociation, "api-ca-hosts"}));
}

TEST_F(MtlsKindsTest, AdoptsAnUnownedCertificateWithTheSameNameAndPem) {
  api::UploadMtlsCertificateRequest request;
  request.certificates = h.desired().FindMtlsCertificate("api-ca")->certificate.pem;
  request.name = "api-ca";
  auto existing = h.client().UploadMtlsCertificate(h.AccountId(), request);
  ASSERT_TRUE(existing.ok()) << existing.status().ToString();

  EXPECT_EQ(PlanOf(mtls, "api-ca", h).type, ChangeType::kAdopt);
  h.requests().Reset();
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(OwnedId(manifests::Kind::kMtlsCertificate, "api-ca"), existing->id);
}

TEST_F(MtlsKindsTest, AdoptsAnAssociationThatAlreadyHasTheHostnames) {
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  api::PutHostnameAssociationsRequest request;
  request.hostnames = {"www.example.com", "api.example.com"};
  request.mtls_certificate_id = OwnedId(manifests::Kind::kMtlsCertificate, "api-ca");
  ASSERT_TRUE(h.client().PutHostnameAssociations(h.ZoneId(), request).ok());
  EXPECT_EQ(PlanOf(associations, "api-ca-hosts", h).type, ChangeType::kAdopt);
  h.requests().Reset();
  ASSERT_EQ(Converge(associations, "api-ca-hosts", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(OwnedId(manifests::Kind::kHostnameAssociation, "api-ca-hosts"),
            OwnedId(manifests::Kind::kMtlsCertificate, "api-ca"));
}

TEST_F(MtlsKindsTest, AmbiguousUploadIsAdoptedNotRepeated) {
  h.SetFaults(web::json::value::parse(
      R"({"drops": [{"route": "*/mtls_certificates", "rate": 1, "remaining": 1}]})"));
  auto first = Converge(mtls, "api-ca", h, 0);
  EXPECT_EQ(first.status().code(), StatusCode::kAmbiguous);
  EXPECT_TRUE(h.inventory().FindIntent({manifests::Kind::kMtlsCertificate, "api-ca"}));
  ASSERT_EQ(Converge(mtls, "api-ca", h).action(), ReconcileResult::Action::kDone);
  auto list = h.client().ListMtlsCertificates(h.AccountId());
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
  EXPECT_FALSE(h.inventory().FindIntent({manifests::Kind::kMtlsCertificate, "api-ca"}));
  EXPECT_EQ(OwnedId(manifests::Kind::kMtlsCertificate, "api-ca"), list->at(0).id);
}

}  // namespace
}  // namespace edgecert::testing
