// The Controller's prune guard (per pass, empty snapshots, Orphan) and its liveness (a stuck
// reconcile fails Healthy()).
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "tests/reconcile/controller/controller_fixture.h"

namespace edgecert::testing {
namespace {

using reconcile::ObjectKey;

class ControllerGuardTest : public ControllerTest {
 protected:
  std::vector<Clock::MonoTime> Deletes() {
    std::vector<Clock::MonoTime> out;
    for (const auto& e : observer_.Events()) {
      if (e.is_delete && e.result == "done") out.push_back(e.started);
    }
    return out;
  }
  void Converge(const std::vector<PackSpec>& packs) {
    ASSERT_TRUE(Desire(packs));
    ASSERT_TRUE(observer_.WaitUntil([&] {
      for (const auto& p : packs) {
        if (!IsReady(manifests::Kind::kCertificatePack, p.name)) return false;
      }
      return true;
    }));
  }
};

TEST_F(ControllerGuardTest, PastTheCapNothingIsDeletedUntilAnOperatorApproves) {
  std::atomic<bool> approval{false};
  auto options = SimulatedOptions();
  options.prune.max_deletions = 1;
  options.take_deletion_approval = [&approval] { return approval.exchange(false); };
  Build({}, options);
  controller_->Start();
  Converge({{"a", {"example.com", "a.example.com"}},
            {"b", {"example.com", "b.example.com"}},
            {"c", {"example.com", "c.example.com"}}});
  ASSERT_TRUE(Desire({{"a", {"example.com", "a.example.com"}}}));
  // Two deletions past a cap of one: none, pass after pass, and the guard says why.
  EXPECT_EQ(controller_->Summary().held_back.size(), 2u);
  const std::size_t syncs = observer_.Syncs();
  ASSERT_TRUE(observer_.WaitUntil([&] { return observer_.Syncs() >= syncs + 2; }));
  EXPECT_TRUE(Deletes().empty());
  EXPECT_EQ(LivePacks().size(), 3u);
  ASSERT_EQ(controller_->Summary().held_back.size(), 2u);
  EXPECT_NE(controller_->Summary().held_back[0].find("approve-deletions"), std::string::npos);
  EXPECT_NE(h_->Logs().find("prune held back"), std::string::npos);
  // The operator's one-shot approval: both go at the next pass, and the approval is used up.
  approval = true;
  controller_->Resync();
  ASSERT_TRUE(observer_.WaitUntil([&] { return Deletes().size() == 2u; }));
  EXPECT_FALSE(approval.load());
  EXPECT_EQ(LivePacks().size(), 1u);
  EXPECT_TRUE(controller_->Summary().held_back.empty());
}

TEST_F(ControllerGuardTest, QuickCommitsDoNotDeleteMoreThanTheCapWithinTheWindow) {
  auto options = SimulatedOptions();
  options.prune.max_deletions = 2;
  options.prune.window = std::chrono::hours(1);
  Build({}, options);
  controller_->Start();
  std::vector<PackSpec> packs;
  for (const char* n : {"a", "b", "c", "d", "e"})
    packs.push_back({n, {"example.com", std::string(n) + ".example.com"}});
  Converge(packs);
  // Commits one after the other, each removing one more pack: two are deleted, the third waits.
  for (std::size_t removed = 1; removed <= 3; ++removed) {
    ASSERT_TRUE(Desire(std::vector<PackSpec>(packs.begin() + static_cast<long>(removed), packs.end())));
    if (removed <= 2) {
      ASSERT_TRUE(observer_.WaitUntil([&] { return Deletes().size() == removed; }));
    }
  }
  // The third is held back until the window has moved past the first deletions; simulated time runs on
  // while the controller idles, so only the deletion times tell (the summary may have cleared already).
  ASSERT_TRUE(observer_.WaitUntil([&] { return Deletes().size() == 3u; }));
  const auto deletes = Deletes();
  EXPECT_GE(deletes[2] - deletes[0], std::chrono::hours(1) - std::chrono::seconds(1));
  EXPECT_EQ(LivePacks().size(), 2u);
}

TEST_F(ControllerGuardTest, AnEmptySnapshotPrunesNothingWithoutAllowEmpty) {
  controller_->Start();
  Converge({{"a", {"example.com", "a.example.com"}}, {"b", {"example.com", "b.example.com"}}});
  h_->RemoveFile("manifests.yaml");
  auto load = h_->LoadManifests();
  ASSERT_TRUE(load.ok());
  ASSERT_EQ(load.state->size(), 0u);
  ASSERT_TRUE(controller_->SetDesired(load.state));
  EXPECT_EQ(controller_->Summary().held_back.size(), 2u);
  // A few resync passes later nothing was deleted and the guard still says why.
  const std::size_t syncs = observer_.Syncs();
  ASSERT_TRUE(observer_.WaitUntil([&] { return observer_.Syncs() >= syncs + 2; }));
  EXPECT_EQ(LivePacks().size(), 2u);
  EXPECT_EQ(h_->inventory().Objects().size(), 2u);
  for (const auto& e : observer_.Events()) EXPECT_FALSE(e.is_delete);
}

TEST_F(ControllerGuardTest, AllowEmptyPrunesEverythingOwned) {
  auto options = SimulatedOptions();
  options.prune.allow_empty = true;
  Build({}, options);
  controller_->Start();
  Converge({{"a", {"example.com", "a.example.com"}}});
  h_->RemoveFile("manifests.yaml");
  auto load = h_->LoadManifests();
  ASSERT_TRUE(load.ok());
  ASSERT_TRUE(controller_->SetDesired(load.state));
  ASSERT_TRUE(observer_.WaitUntil([&] {
    return h_->inventory().Objects().empty() && !h_->status().Get({manifests::Kind::kCertificatePack, "a"}).has_value();
  }));
  EXPECT_TRUE(LivePacks().empty());
}

TEST_F(ControllerGuardTest, OverlappingPacksOfAZoneAreNotDeletedTogether) {
  // a and b both hold example.com; d wants it too but cannot be ordered (every order answers 503): one of
  // a and b may go, the other must stay to cover example.com. Before, two workers deleting them at once
  // each counted on the other (only itself doomed), and both went.
  auto options = SimulatedOptions();
  options.workers = 4;
  Build({}, options);
  controller_->Start();
  Converge({{"a", {"example.com", "a.example.com"}}, {"b", {"example.com", "b.example.com"}}});
  h_->SetFaults(web::json::value::parse(
      R"({"errors": [{"route": "*/certificate_packs/order", "method": "POST", "rate": 1, "status": 503}]})"));
  ASSERT_TRUE(Desire({{"d", {"example.com", "d.example.com"}}}));
  auto waits = [&](const std::string& name) {
    auto s = h_->status().Get({manifests::Kind::kCertificatePack, name});
    return s && s->last_error.find("delete waits until another active pack covers") != std::string::npos;
  };
  // The one that waits may say so before the other's delete is reported.
  ASSERT_TRUE(observer_.WaitUntil(
      [&] { return Deletes().size() >= 2 || (Deletes().size() == 1 && (waits("a") || waits("b"))); }));
  EXPECT_EQ(Deletes().size(), 1u);
  EXPECT_EQ(LivePacks().size(), 1u) << "example.com is left uncovered";
}

TEST_F(ControllerGuardTest, OrphanedObjectsAreForgottenNotDeleted) {
  controller_->Start();
  Converge({{"a", {"example.com", "a.example.com"}, "lets_encrypt", 90, "txt", "  deletionPolicy: Orphan\n"},
            {"b", {"example.com", "b.example.com"}}});
  // The loop records the policy in the inventory after the reconcile (the manifest saying so will go).
  ASSERT_TRUE(observer_.WaitUntil([&] {
    auto owned = h_->inventory().Find({manifests::Kind::kCertificatePack, "a"});
    return owned && owned->orphan;
  }));
  ASSERT_TRUE(Desire({{"b", {"example.com", "b.example.com"}}}));
  // Forgotten at once, or when a reconcile of it that was running finished.
  ASSERT_TRUE(observer_.WaitUntil([&] {
    return !h_->inventory().Find({manifests::Kind::kCertificatePack, "a"}).has_value();
  }));
  const std::size_t syncs = observer_.Syncs();
  ASSERT_TRUE(observer_.WaitUntil([&] { return observer_.Syncs() >= syncs + 1; }));
  EXPECT_EQ(LivePacks().size(), 2u);
  for (const auto& e : observer_.Events()) EXPECT_FALSE(e.is_delete);
}

// A reconciler whose call does not return until the test lets it: an API call that hangs.
class HangingReconciler final : public reconcile::Reconciler {
 public:
  explicit HangingReconciler(std::shared_future<void> release) : release_(std::move(release)) {}
  manifests::Kind kind() const override { return manifests::Kind::kCertificatePack; }
  Result<reconcile::PlannedChange> Plan(const std::string&, reconcile::ReconcileContext&) override {
    return Internal("not used");
  }
  reconcile::ReconcileResult Reconcile(const std::string& name, reconcile::ReconcileContext& ctx) override {
    if (!announced_.exchange(true)) entered.set_value();
    release_.wait();
    // Like every reconciler, it says where the object stands when it returns.
    reconcile::ObjectStatus status;
    status.key = {manifests::Kind::kCertificatePack, name};
    status.phase = reconcile::Phase::kReady;
    ctx.status.Set(status);
    return reconcile::ReconcileResult::Done();
  }
  Result<reconcile::PlannedChange> PlanDelete(const reconcile::OwnedObject&, reconcile::ReconcileContext&) override {
    return Internal("not used");
  }
  reconcile::ReconcileResult Delete(const reconcile::OwnedObject&, reconcile::ReconcileContext&) override {
    return reconcile::ReconcileResult::Done();
  }
  bool Ready(const std::string&, reconcile::ReconcileContext&) override { return true; }

  std::promise<void> entered;

 private:
  std::shared_future<void> release_;
  std::atomic<bool> announced_{false};
};

TEST_F(ControllerGuardTest, AStuckReconcileFailsHealthyUntilItReturns) {
  std::promise<void> release;
  auto hanging = std::make_unique<HangingReconciler>(release.get_future().share());
  std::future<void> entered = hanging->entered.get_future();
  reconcilers_.clear();
  reconcilers_.push_back(std::move(hanging));
  Build({});
  controller_->Start();
  EXPECT_TRUE(controller_->Healthy().ok());
  ASSERT_TRUE(Desire({{"a", {"example.com", "a.example.com"}}}));
  ASSERT_EQ(entered.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  h_->clock().Advance(options_.stuck_after + std::chrono::seconds(1));
  Status health = controller_->Healthy();
  EXPECT_FALSE(health.ok());
  EXPECT_NE(health.message().find("CertificatePack/a has been reconciling"), std::string::npos) << health.ToString();
  release.set_value();
  ASSERT_TRUE(observer_.WaitUntil([&] { return !observer_.Events().empty(); }));
  ASSERT_TRUE(observer_.WaitUntil([&] { return controller_->Healthy().ok(); }));
}

TEST_F(ControllerGuardTest, AnObjectRemovedWhileItsReconcileRunsLeavesNoStatusBehind) {
  std::promise<void> release;
  auto hanging = std::make_unique<HangingReconciler>(release.get_future().share());
  std::future<void> entered = hanging->entered.get_future();
  reconcilers_.clear();
  reconcilers_.push_back(std::move(hanging));
  Build({});
  controller_->Start();
  ASSERT_TRUE(Desire({{"a", {"example.com", "a.example.com"}}, {"b", {"example.com", "b.example.com"}}}));
  ASSERT_EQ(entered.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  // Whichever pack is in flight, remove both; neither was ever owned, so nothing is pruned.
  ASSERT_TRUE(Desire({{"c", {"example.com", "c.example.com"}}}));
  release.set_value();
  ASSERT_TRUE(observer_.WaitUntil([&] { return IsReady(manifests::Kind::kCertificatePack, "c"); }));
  ASSERT_TRUE(observer_.WaitUntil([&] { return controller_->Summary().in_flight == 0; }));
  EXPECT_FALSE(h_->status().Get({manifests::Kind::kCertificatePack, "a"}).has_value());
  EXPECT_FALSE(h_->status().Get({manifests::Kind::kCertificatePack, "b"}).has_value());
}

}  // namespace
}  // namespace edgecert::testing
