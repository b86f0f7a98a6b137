// The harness and the shared read parts (ScopeDirectory, ActualState, ObjectStatusBoard) against the
// real emulator.
#include <gtest/gtest.h>

#include "tests/fakes/reconcile_harness.h"

namespace edgecert::testing {
namespace {

TEST(ReconcileHarness, LoadsManifestsAndResolvesScopes) {
  ReconcileHarness h;
  h.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
  auto load = h.LoadManifests();
  ASSERT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors.front().message);
  auto ctx = h.Context();
  auto zone = ctx.scopes.ZoneId(ctx.desired, "example-com");
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  EXPECT_EQ(*zone, h.ZoneId("example.com"));
  auto account = ctx.scopes.AccountId(ctx.desired, "main");
  ASSERT_TRUE(account.ok()) << account.status().ToString();
  EXPECT_EQ(*account, h.AccountId());
  // Cached: a second lookup makes no request.
  const int before = h.requests().Total();
  ASSERT_TRUE(ctx.scopes.ZoneId(ctx.desired, "example-com").ok());
  EXPECT_EQ(h.requests().Total(), before);
  EXPECT_EQ(ctx.scopes.ZoneId(ctx.desired, "nope").status().code(), StatusCode::kNotFound);
}

TEST(ActualState, ListsOncePerScopeUntilInvalidated) {
  ReconcileHarness h;
  auto& actual = h.actual();
  const std::string zone = h.ZoneId();
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  EXPECT_EQ(actual.reads(), 1u);
  EXPECT_EQ(h.requests().Count("GET", "/zones/{zone_id}/ssl/certificate_packs"), 1);

  ASSERT_TRUE(actual.UniversalSsl(zone).ok());
  ASSERT_TRUE(actual.AutomaticSslMode(zone).ok());
  EXPECT_EQ(actual.reads(), 3u);
  actual.Invalidate(manifests::Kind::kUniversalSsl, zone);  // drops settings and automatic mode, keeps the packs
  ASSERT_TRUE(actual.UniversalSsl(zone).ok());
  ASSERT_TRUE(actual.AutomaticSslMode(zone).ok());
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  EXPECT_EQ(actual.reads(), 5u);

  // A write through the client followed by Invalidate is seen on the next read.
  api::OrderCertificatePackRequest order{{"example.com", "www.example.com"}, "txt", 90, "lets_encrypt", {}};
  ASSERT_TRUE(h.client().OrderCertificatePack(zone, order).ok());
  actual.Invalidate(manifests::Kind::kCertificatePack, zone);
  auto packs = actual.CertificatePacks(zone);
  ASSERT_TRUE(packs.ok());
  EXPECT_EQ(packs->size(), 1u);  // status=all: a pending order is visible
  EXPECT_EQ(h.History(0, "").size(), 1u);
  actual.Clear();
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  EXPECT_EQ(actual.reads(), 7u);
}

TEST(ActualState, AnOrderJoinsTheCachedListAndAPollRoundListsAgain) {
  ReconcileHarness h;
  reconcile::ActualState actual(h.client(), h.clock());  // the daemon's long-lived cache
  const std::string zone = h.ZoneId();
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  // Orders put what the API answered into the cached list: no list call after any of them.
  std::vector<std::string> ids;
  for (const std::string label : {"www", "api", "img"}) {
    api::OrderCertificatePackRequest order{{"example.com", label + ".example.com"}, "txt", 90, "lets_encrypt", {}};
    auto ordered = h.client().OrderCertificatePack(zone, order);
    ASSERT_TRUE(ordered.ok()) << ordered.status().ToString();
    actual.PutCertificatePack(zone, *ordered);
    ids.push_back(ordered->id);
    auto packs = actual.SharedCertificatePacks(zone);
    ASSERT_TRUE(packs.ok());
    EXPECT_EQ((*packs)->size(), ids.size());
  }
  EXPECT_EQ(actual.reads(), 1u);
  // A second answer for the same pack replaces it; a delete drops it.
  api::CertificatePack changed = actual.CertificatePacks(zone)->front();
  changed.status = "pending_validation";
  actual.PutCertificatePack(zone, changed);
  EXPECT_EQ(actual.CertificatePacks(zone)->size(), 3u);
  EXPECT_EQ(actual.CertificatePacks(zone)->front().status, "pending_validation");
  ASSERT_TRUE(h.client().DeleteCertificatePack(zone, ids[1]).ok());
  actual.EraseCertificatePack(zone, ids[1]);
  EXPECT_EQ(actual.CertificatePacks(zone)->size(), 2u);
  EXPECT_EQ(actual.reads(), 1u);
  // Time passing alone lists nothing again; a poll round (RequireSince) lists once, then shares.
  h.Advance(std::chrono::seconds(60));
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  EXPECT_EQ(actual.reads(), 1u);
  actual.RequireSince(h.clock().Monotonic());
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  EXPECT_EQ(actual.reads(), 2u);
  actual.RequireSince(h.clock().Monotonic() - std::chrono::seconds(30));  // never moves back
  ASSERT_TRUE(actual.CertificatePacks(zone).ok());
  EXPECT_EQ(actual.reads(), 2u);
  // Nothing cached for a zone: a write-through is a no-op, the next read lists.
  reconcile::ActualState fresh(h.client(), h.clock());
  fresh.PutCertificatePack(zone, changed);
  EXPECT_EQ(fresh.CertificatePacks(zone)->size(), 2u);
  EXPECT_EQ(fresh.reads(), 1u);
}

TEST(ActualState, ErrorsAreNotCached) {
  ReconcileHarness h;
  EXPECT_FALSE(h.actual().CertificatePacks("0123456789abcdef0123456789abcdef").ok());
  EXPECT_FALSE(h.actual().CertificatePacks("0123456789abcdef0123456789abcdef").ok());
  EXPECT_EQ(h.actual().reads(), 2u);
}

TEST(ObjectStatusBoard, SetReportsOnlyPhaseOrRemoteStatusChanges) {
  reconcile::ObjectStatusBoard board;
  reconcile::ObjectStatus s;
  s.key = {manifests::Kind::kCertificatePack, "www"};
  s.phase = reconcile::Phase::kProgressing;
  s.remote_status = "pending_validation";
  EXPECT_TRUE(board.Set(s));
  s.last_error = "still pending";
  EXPECT_FALSE(board.Set(s));
  s.remote_status = "active";
  s.phase = reconcile::Phase::kReady;
  EXPECT_TRUE(board.Set(s));
  EXPECT_EQ(board.Get(s.key)->remote_status, "active");
  EXPECT_EQ(board.All().size(), 1u);
  board.Remove(s.key);
  EXPECT_FALSE(board.Get(s.key).has_value());
  EXPECT_EQ(reconcile::PhaseName(reconcile::Phase::kReady), "Ready");
}

TEST(ReconcileHarness, ClockMovesTheEmulatorAndRestartKeepsTheInventory) {
  ReconcileHarness h;
  const std::string zone = h.ZoneId();
  api::OrderCertificatePackRequest order{{"example.com"}, "txt", 90, "lets_encrypt", {}};
  auto pack = h.client().OrderCertificatePack(zone, order);
  ASSERT_TRUE(pack.ok());
  h.Advance(std::chrono::seconds(3600));
  auto read = h.client().GetCertificatePack(zone, pack->id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->status, "active");

  ASSERT_TRUE(
      h.inventory().Put({{manifests::Kind::kCertificatePack, "apex"}, pack->id, zone, "", "active", {}, {}}).ok());
  h.Restart();
  ASSERT_TRUE(h.inventory().Find({manifests::Kind::kCertificatePack, "apex"}).has_value());
  ASSERT_EQ(h.Packs().size(), 1u);
}

}  // namespace
}  // namespace edgecert::testing
