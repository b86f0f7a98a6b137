// End-to-end: the ClientCertificate reconciler against the real emulator: issue and write, no-op,
// renewal (new one written before the old is revoked), revoke/reactivate, adoption, prune.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reconcile/kinds/client_certificate_reconciler.h"
#include "tests/reconcile/kinds/kind_test_util.h"

namespace edgecert::testing {
namespace {

using reconcile::ChangeType;
using reconcile::ReconcileResult;

std::string ClientYaml(const std::string& state, const std::string& extra = "") {
  return R"(apiVersion: edgecert.dev/v1
kind: ClientCertificate
metadata:
  name: device
spec:
  zone: example-com
  csrFile: device.csr
  validityDays: 90
  renewBefore: 30d
  state: )" + state + R"(
  certificateOutputFile: out/device.pem
)" + extra;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class ClientCertificateKindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
    h.WriteFile("device.csr", TestCsr("device.example.com"));
    h.WriteFile("client.yaml", ClientYaml("active"));
    ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  }

  std::optional<api::ClientCertificate> Remote(const std::string& id) {
    auto c = h.client().GetClientCertificate(h.ZoneId(), id);
    if (!c.ok()) return std::nullopt;
    return *c;
  }

  std::string OwnedId() {
    auto owned = h.inventory().Find({manifests::Kind::kClientCertificate, "device"});
    return owned ? owned->remote_id : "";
  }

  std::filesystem::path Output() { return h.manifest_dir() / "out" / "device.pem"; }

  ReconcileHarness h;
  reconcile::ClientCertificateReconciler reconciler;
};

TEST_F(ClientCertificateKindTest, IssuesWritesThePemAtomicallyAndThenMakesNoWrites) {
  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kCreate);
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  const auto remote = Remote(OwnedId());
  ASSERT_TRUE(remote);
  EXPECT_EQ(remote->status, "active");
  ASSERT_TRUE(std::filesystem::exists(Output()));
  EXPECT_EQ(crypto::NormalizePem(ReadFile(Output())), crypto::NormalizePem(remote->certificate.value_or("x")));
  const auto perms = std::filesystem::status(Output()).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  // Nothing but the certificate in the output directory: the temporary file was renamed, not left.
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(Output().parent_path())) {
    (void)entry;
    ++entries;
  }
  EXPECT_EQ(entries, 1);

  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kNoOp);
  const auto seq = h.LastHistorySeq();
  h.requests().Reset();
  EXPECT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(h.LastHistorySeq(), seq);
  h.NewPass();
  auto ctx = h.Context();
  EXPECT_TRUE(reconciler.Ready("device", ctx));
}

TEST_F(ClientCertificateKindTest, RewritesAMissingOutputFileWithoutApiWrites) {
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  std::filesystem::remove(Output());
  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kUpdate);
  h.requests().Reset();
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_TRUE(std::filesystem::exists(Output()));
}

TEST_F(ClientCertificateKindTest, RenewsBeforeExpiryWritingTheNewOneBeforeRevokingTheOld) {
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  const std::string old_id = OwnedId();
  h.Advance(std::chrono::hours(24 * 61));  // 90-day certificate, renewBefore 30d
  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kReplace);
  const auto since = h.LastHistorySeq();
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  const std::string new_id = OwnedId();
  ASSERT_NE(new_id, old_id);
  EXPECT_EQ(Changes(h, since, "client_certificate"),
            (std::vector<std::string>{"create " + new_id, "delete " + old_id}));
  const auto fresh = Remote(new_id);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(crypto::NormalizePem(ReadFile(Output())), crypto::NormalizePem(fresh->certificate.value_or("x")));
  h.Advance(std::chrono::hours(1));
  const auto old = Remote(old_id);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, "revoked");
  EXPECT_TRUE(h.inventory().Find({manifests::Kind::kClientCertificate, "device"})->superseded_remote_ids.empty());
  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kNoOp);
}

TEST_F(ClientCertificateKindTest, RevokesAndReactivatesAsDesired) {
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  const std::string id = OwnedId();
  h.WriteFile("client.yaml", ClientYaml("revoked"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  auto plan = PlanOf(reconciler, "device", h);
  EXPECT_EQ(plan.type, ChangeType::kUpdate);
  h.NewPass();
  auto ctx = h.Context();
  auto first = reconciler.Reconcile("device", ctx);
  EXPECT_EQ(first.action(), ReconcileResult::Action::kRequeueAfter);  // pending_revocation
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Remote(id)->status, "revoked");
  EXPECT_EQ(h.status().Get({manifests::Kind::kClientCertificate, "device"})->remote_status, "revoked");
  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kNoOp);

  h.WriteFile("client.yaml", ClientYaml("active"));
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kUpdate);
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(OwnedId(), id);  // the same certificate, reactivated by PATCH
  EXPECT_EQ(Remote(id)->status, "active");
}

TEST_F(ClientCertificateKindTest, AdoptsAnUnownedCertificateIssuedFromTheSameCsr) {
  api::CreateClientCertificateRequest request;
  request.csr = h.desired().client_certificates().front().csr.pem;
  request.validity_days = 90;
  auto existing = h.client().CreateClientCertificate(h.ZoneId(), request);
  ASSERT_TRUE(existing.ok()) << existing.status().ToString();
  EXPECT_EQ(PlanOf(reconciler, "device", h).type, ChangeType::kAdopt);
  h.requests().Reset();
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  EXPECT_EQ(Writes(h), 0);
  EXPECT_EQ(OwnedId(), existing->id);
  EXPECT_TRUE(std::filesystem::exists(Output()));
}

TEST_F(ClientCertificateKindTest, AmbiguousCreateIsAdoptedNotRepeated) {
  h.SetFaults(web::json::value::parse(R"({"drops": [{"route": "*/client_certificates", "rate": 1, "remaining": 1}]})"));
  EXPECT_EQ(Converge(reconciler, "device", h, 0).status().code(), StatusCode::kAmbiguous);
  EXPECT_TRUE(h.inventory().FindIntent({manifests::Kind::kClientCertificate, "device"}));
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  auto list = h.client().ListClientCertificates(h.ZoneId());
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(OwnedId(), list->at(0).id);
  EXPECT_FALSE(h.inventory().FindIntent({manifests::Kind::kClientCertificate, "device"}));
  EXPECT_TRUE(std::filesystem::exists(Output()));
}

TEST_F(ClientCertificateKindTest, PruneRevokesAndForgets) {
  ASSERT_EQ(Converge(reconciler, "device", h).action(), ReconcileResult::Action::kDone);
  const auto owned = h.inventory().Find({manifests::Kind::kClientCertificate, "device"});
  ASSERT_TRUE(owned);
  h.RemoveFile("client.yaml");
  ASSERT_NO_FATAL_FAILURE(LoadOrFail(h));
  h.NewPass();
  auto ctx = h.Context();
  auto plan = reconciler.PlanDelete(*owned, ctx);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->type, ChangeType::kDelete);
  ASSERT_EQ(reconciler.Delete(*owned, ctx).action(), ReconcileResult::Action::kDone);
  h.Advance(std::chrono::hours(1));
  EXPECT_EQ(Remote(owned->remote_id)->status, "revoked");
  EXPECT_FALSE(h.inventory().Find({manifests::Kind::kClientCertificate, "device"}));
}

}  // namespace
}  // namespace edgecert::testing
