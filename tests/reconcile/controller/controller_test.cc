// The Controller against the emulator: converge from empty, a changed snapshot applied, failures backed
// off, pending work polled less and less often, one list per zone per resync, drift restored, Stop.
#include <gtest/gtest.h>

#include "reconcile/state/file_state_store.h"
#include "tests/reconcile/controller/controller_fixture.h"

namespace edgecert::testing {
namespace {

using reconcile::ObjectKey;

const ObjectKey kWww{manifests::Kind::kCertificatePack, "www"};
const ObjectKey kNet{manifests::Kind::kCertificatePack, "net"};

TEST_F(ControllerTest, ConvergesFromEmpty) {
  controller_->Start();
  EXPECT_FALSE(controller_->Ready());  // no desired state yet
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}},
                      {"api", {"example.com", "api.example.com"}},
                      {"net", {"example.net"}, "google", 90, "txt", "", "example-net"}}));
  ASSERT_TRUE(observer_.WaitUntil([&] {
    return IsReady(manifests::Kind::kCertificatePack, "www") && IsReady(manifests::Kind::kCertificatePack, "api") &&
           IsReady(manifests::Kind::kCertificatePack, "net");
  }));
  ASSERT_TRUE(observer_.WaitUntil([&] { return observer_.Syncs() >= 1; }));
  EXPECT_EQ(LivePacks().size(), 2u);
  EXPECT_EQ(LivePacks("example.net").size(), 1u);
  for (const auto& p : LivePacks()) EXPECT_EQ(p.at("status").as_string(), "active");
  EXPECT_EQ(h_->inventory().Objects().size(), 3u);
  EXPECT_TRUE(h_->inventory().Intents().empty());
  EXPECT_TRUE(controller_->Ready());
  EXPECT_TRUE(controller_->Healthy().ok()) << controller_->Healthy().ToString();
  auto summary = controller_->Summary();
  EXPECT_EQ(summary.desired_objects, controller_->desired()->size());
  EXPECT_TRUE(summary.last_sync.has_value());
  EXPECT_LE(observer_.MaxInFlight(), static_cast<std::size_t>(options_.workers));
  // One line per action: the status changes name kind/name, zone and remote id.
  const std::string logs = h_->Logs();
  EXPECT_NE(logs.find("CertificatePack/www zone=example-com id="), std::string::npos) << logs;
  EXPECT_NE(logs.find(": Ready (active)"), std::string::npos) << logs;
}

TEST_F(ControllerTest, ChangedSnapshotIsAppliedAndAnEqualOneIsIgnored) {
  // Held once both are ready: simulated time would otherwise run on to the resync (and past it) before
  // the change below is given, and the change would land at any time.
  observer_.HoldWhen([&](std::size_t) {
    return IsReady(manifests::Kind::kCertificatePack, "www") && IsReady(manifests::Kind::kCertificatePack, "api");
  });
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}, {"api", {"example.com", "api.example.com"}}}));
  ASSERT_TRUE(observer_.WaitHeld());
  // The same manifests again (a reload without a change): nothing to do.
  EXPECT_FALSE(Desire({{"www", {"example.com", "www.example.com"}}, {"api", {"example.com", "api.example.com"}}}));

  h_->clock().Advance(std::chrono::seconds(1));  // the change comes strictly after the first reconciles
  ASSERT_TRUE(
      Desire({{"www", {"example.com", "www.example.com"}, "lets_encrypt", 90, "txt", "  cloudflareBranding: true\n"},
              {"api", {"example.com", "api.example.com"}},
              {"new", {"example.com", "new.example.com"}}}));
  // Time stands still while the worker is held: the change is now, on both readings.
  ASSERT_EQ(*controller_->Summary().desired_since, h_->clock().Now());
  const Clock::MonoTime change_time = h_->clock().Monotonic();
  // A reload does not move the periodic resync: that is when the unchanged object is looked at next.
  const Clock::MonoTime resync_at = change_time + (*controller_->Summary().next_resync - h_->clock().Now());
  EXPECT_GT(resync_at, change_time);
  observer_.Release();
  ASSERT_TRUE(observer_.WaitUntil([&] {
    bool branded = false;
    for (const auto& p : LivePacks()) {
      branded |= p.has_field("cloudflare_branding") && p.at("cloudflare_branding").as_bool();
    }
    return branded && IsReady(manifests::Kind::kCertificatePack, "new");
  }));
  EXPECT_EQ(LivePacks().size(), 3u);
  // Only the changed and the new object were looked at; the unchanged one waits for the resync.
  for (const auto& e : observer_.EventsOf({manifests::Kind::kCertificatePack, "api"})) {
    EXPECT_FALSE(e.started >= change_time && e.started < resync_at) << "api re-checked early";
  }
}

TEST_F(ControllerTest, AFailureAfterRetriesIsLookedAtAgainAtTheResync) {
  // The zone's pack quota is used up by packs made by hand; the first two orders answer 503 (retries),
  // the third is refused for the quota (a terminal failure).
  const std::string zone = h_->ZoneId();
  std::vector<std::string> by_hand;
  for (int i = 0; i < 10; ++i) {
    api::OrderCertificatePackRequest order{
        {"example.com", "h" + std::to_string(i) + ".example.com"}, "txt", 90, "lets_encrypt", {}};
    auto pack = h_->client().OrderCertificatePack(zone, order);
    ASSERT_TRUE(pack.ok()) << pack.status().ToString();
    by_hand.push_back(pack->id);
  }
  h_->SetFaults(web::json::value::parse(
      R"({"errors": [{"route": "*/certificate_packs/order", "method": "POST", "rate": 1, "status": 503, "remaining": 2}]})"));
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil([&] {
    auto s = h_->status().Get(kWww);
    return s && s->phase == reconcile::Phase::kFailed;
  }));
  // Quota freed behind the controller's back: the next resync must try again, retries or not.
  ASSERT_TRUE(h_->client().DeleteCertificatePack(zone, by_hand.front()).ok());
  EXPECT_TRUE(
      observer_.WaitUntil([&] { return IsReady(manifests::Kind::kCertificatePack, "www"); }, std::chrono::seconds(20)));
}

TEST_F(ControllerTest, ARefusedTokenIsWhatReadinessSaysWithTheApiCode) {
  ReconcileHarnessOptions wrong;
  wrong.token = "a-token-the-emulator-never-issued";
  Build(std::move(wrong));
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil([&] { return !observer_.Events().empty(); }));
  EXPECT_FALSE(controller_->Ready());
  // Before: "the API has not answered the last calls", as if it were down.
  const std::string why = controller_->Readiness().message();
  EXPECT_NE(why.find("the API refused the credentials"), std::string::npos) << why;
  EXPECT_NE(why.find("HTTP 401"), std::string::npos) << why;
  EXPECT_NE(why.find("9109"), std::string::npos) << why;  // the emulator's code for an invalid token
  EXPECT_EQ(why.find("a-token-the-emulator-never-issued"), std::string::npos) << "the token leaked: " << why;
}

TEST_F(ControllerTest, ReloadsDoNotPostponeTheResync) {
  auto options = SimulatedOptions();
  options.wait = reconcile::WaitMode::kRealTime;  // only the test moves the fake clock
  options.idle_tick = std::chrono::milliseconds(10);
  Build({}, options);
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}, {"api", {"example.com", "api.example.com"}}}));
  const auto first = controller_->Summary().next_resync;
  ASSERT_TRUE(first.has_value());
  // Commits every four minutes, each changing one pack: the resync stays where the full pass put it.
  for (const char* ca : {"google", "lets_encrypt"}) {
    h_->clock().Advance(std::chrono::minutes(4));
    ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}, ca}, {"api", {"example.com", "api.example.com"}}}));
    EXPECT_EQ(controller_->Summary().next_resync, first);
  }
}

TEST_F(ControllerTest, FailedReconcileBacksOffExponentiallyWithJitter) {
  // The next orders answer 503: the reconcile asks for a retry each time.
  h_->SetFaults(web::json::value::parse(
      R"({"errors": [{"route": "*/certificate_packs/order", "method": "POST", "rate": 1, "status": 503, "remaining": 12}]})"));
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil([&] { return IsReady(manifests::Kind::kCertificatePack, "www"); }));
  std::vector<RecordingObserver::Event> retries;
  for (const auto& e : observer_.EventsOf(kWww)) {
    if (e.result == "retry") retries.push_back(e);
  }
  ASSERT_GE(retries.size(), 3u);

  const double cap = std::chrono::duration<double>(options_.backoff.cap).count();
  for (std::size_t i = 0; i < retries.size(); ++i) {
    ASSERT_TRUE(retries[i].next.has_value());
    const double delay = std::chrono::duration<double>(*retries[i].next - retries[i].finished).count();
    const double step = std::min(1.0 * (1 << i), cap);  // 1 s doubling, capped
    EXPECT_GE(delay, step * 0.8 - 1e-3) << "retry " << i;
    EXPECT_LE(delay, step * 1.2 + 1e-3) << "retry " << i;
    // And the next try really waited that long.
    if (i + 1 < retries.size()) {
      EXPECT_GE(retries[i + 1].started, *retries[i].next);
    }
  }
  // No duplicate from the failed orders.
  EXPECT_EQ(LivePacks().size(), 1u);
  EXPECT_NE(h_->Logs().find("retrying in"), std::string::npos);
}

TEST_F(ControllerTest, PendingWorkIsPolledSoonThenLessOften) {
  ReconcileHarnessOptions slow;
  slow.emulator.config.lifecycle.validation = std::chrono::hours(3);
  Build(std::move(slow));
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil([&] { return IsReady(manifests::Kind::kCertificatePack, "www"); }));
  std::vector<double> gaps;  // between pending polls while the status stayed pending_validation
  for (const auto& e : observer_.EventsOf(kWww)) {
    if (e.result == "requeue" && e.next) gaps.push_back(std::chrono::duration<double>(*e.next - e.finished).count());
  }
  ASSERT_GE(gaps.size(), 5u);
  const double first = h_->options().pending_poll.count();
  EXPECT_LE(gaps.front(), first + 5.0);  // soon: the reconciler's requeue-after (aligned to 5 s)
  double longest = 0;
  for (double g : gaps) longest = std::max(longest, g);
  EXPECT_GE(longest, 4 * first);                                                               // then less often ...
  EXPECT_LE(longest, std::chrono::duration<double>(options_.pending_poll_max).count() + 5.0);  // ... up to the cap
  // Hours of validation took a bounded number of polls, not one per 30 s.
  EXPECT_LT(gaps.size(), 3u * 3600 / 30 / 4);
}

TEST_F(ControllerTest, ResyncListsEachZoneOnceAndRestoresDrift) {
  std::vector<std::size_t> reads_at_sync;
  observer_.on_sync = [&] { reads_at_sync.push_back(actual_->reads()); };
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}},
                      {"api", {"example.com", "api.example.com"}},
                      {"img", {"example.com", "img.example.com"}},
                      {"net", {"example.net"}, "google", 90, "txt", "", "example-net"}}));
  ASSERT_TRUE(observer_.WaitUntil([&] {
    return IsReady(manifests::Kind::kCertificatePack, "www") && IsReady(manifests::Kind::kCertificatePack, "api") &&
           IsReady(manifests::Kind::kCertificatePack, "img") && IsReady(manifests::Kind::kCertificatePack, "net");
  }));
  const std::size_t synced = observer_.Syncs();
  ASSERT_TRUE(observer_.WaitUntil([&] { return observer_.Syncs() >= synced + 4; }));
  controller_->Stop();
  // Settled: each resync pass of four packs in two zones makes exactly two list calls.
  ASSERT_GE(reads_at_sync.size(), synced + 4);
  for (std::size_t i = synced + 1; i < synced + 4; ++i) EXPECT_EQ(reads_at_sync[i] - reads_at_sync[i - 1], 2u) << i;
}

TEST_F(ControllerTest, ResyncRestoresAPackDeletedBehindItsBack) {
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil([&] { return IsReady(manifests::Kind::kCertificatePack, "www"); }));
  const std::string id = h_->inventory().Find(kWww)->remote_id;
  ASSERT_TRUE(h_->client().DeleteCertificatePack(h_->ZoneId(), id).ok());
  ASSERT_TRUE(observer_.WaitUntil([&] {
    auto owned = h_->inventory().Find(kWww);
    return owned && owned->remote_id != id && IsReady(manifests::Kind::kCertificatePack, "www");
  }));
  EXPECT_EQ(LivePacks().size(), 1u);
}

TEST_F(ControllerTest, StopDrainsInFlightWorkAndTheInventoryIsOnDisk) {
  controller_->Start();
  ASSERT_TRUE(Desire(
      {{"www", {"example.com", "www.example.com"}}, {"net", {"example.net"}, "google", 90, "txt", "", "example-net"}}));
  ASSERT_TRUE(observer_.WaitUntil([&] { return !observer_.Events().empty(); }));
  ASSERT_TRUE(controller_->Stop());
  const std::size_t after_stop = observer_.Events().size();
  EXPECT_FALSE(controller_->Healthy().ok());
  // No reconcile runs after Stop returned, and none was cut short: no create intent is left open.
  h_->Advance(std::chrono::hours(1));
  EXPECT_EQ(observer_.Events().size(), after_stop);
  EXPECT_TRUE(h_->inventory().Intents().empty());
  // What the inventory answers is what a restart reads back from the state dir.
  auto store = reconcile::FileStateStore::Open(h_->state_dir());
  ASSERT_TRUE(store.ok());
  auto reloaded = reconcile::Inventory::Load(**store);
  ASSERT_TRUE(reloaded.ok());
  EXPECT_EQ((*reloaded)->Objects(), h_->inventory().Objects());
  EXPECT_FALSE(h_->inventory().Objects().empty());
}

// A pack renamed in the manifests (the old name pruned, a new name ordered) on parallel workers: the
// prune waits until the new pack is active, so no host the manifests want is ever uncovered.
TEST_F(ControllerTest, RenamedPackIsDeletedOnlyOnceItsSuccessorIsActive) {
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil([&] { return IsReady(manifests::Kind::kCertificatePack, "www"); }));
  const std::string old_id = h_->inventory().Find(kWww)->remote_id;
  const auto seq = h_->LastHistorySeq();

  ASSERT_TRUE(Desire({{"www2", {"example.com", "www.example.com", "shop.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil(
      [&] { return IsReady(manifests::Kind::kCertificatePack, "www2") && !h_->inventory().Find(kWww); }));
  const std::string new_id = h_->inventory().Find({manifests::Kind::kCertificatePack, "www2"})->remote_id;
  ASSERT_EQ(LivePacks().size(), 1u);

  std::string deleted_at, active_at;
  const web::json::value history = h_->History(seq);  // kept alive: the loop walks into it
  for (const auto& e : history.as_array()) {
    if (e.at("id").as_string() == old_id && e.at("action").as_string() == "delete") deleted_at = e.at("at").as_string();
    const auto& obj = e.at("object");
    if (e.at("id").as_string() == new_id && obj.has_field("active_at") && !obj.at("active_at").is_null()) {
      active_at = obj.at("active_at").as_string();
    }
  }
  ASSERT_FALSE(deleted_at.empty());
  ASSERT_FALSE(active_at.empty());
  EXPECT_LE(active_at, deleted_at);
  // The wait was said: the old pack's delete was requeued at least once with the reason in its status.
  bool waited = false;
  for (const auto& e : observer_.EventsOf(kWww)) waited |= e.is_delete && e.result == "requeue";
  EXPECT_TRUE(waited);
}

}  // namespace
}  // namespace edgecert::testing
