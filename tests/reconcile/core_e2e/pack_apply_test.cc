// CertificatePack and UniversalSSL through the planner and the apply loop, end to end against the
// emulator: create, converge, no-op over read-back differences, replace without uncovered hosts,
// prune with the guard and Orphan, adoption, timed-out validation, commit-then-drop.
#include <gtest/gtest.h>

#include <set>

#include "reconcile/plan_renderer.h"
#include "tests/reconcile/core_e2e/core_fixture.h"

namespace edgecert::testing {
namespace {

using reconcile::ChangeType;
using reconcile::RunMode;

constexpr char kPackList[] = "/zones/{zone_id}/ssl/certificate_packs";

TEST_F(CoreTest, CreateFromEmptyThenWaitUntilActive) {
  WritePacks(
      {{"www", {"example.com", "www.example.com"}}, {"net", {"example.net"}, "google", 90, "txt", "", "example-net"}});
  auto plan = MakePlan();
  EXPECT_EQ(plan.Count(ChangeType::kCreate), 2u) << reconcile::RenderPlan(plan, reconcile::PlanFormat::kText);
  EXPECT_EQ(Writes(0), 0);  // planning writes nothing

  std::vector<reconcile::ApplyProgress> progress;
  reconcile::ApplyOptions options;
  options.progress = [&progress](const reconcile::ApplyProgress& p) { progress.push_back(p); };
  auto outcome = Apply(RunMode::kWait, options);
  EXPECT_TRUE(outcome.ok()) << (outcome.failed.empty() ? "" : outcome.failed.front());
  // The live progress line: both packs followed, the unfinished named with their remote status.
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.front().total, 2u);
  EXPECT_LT(progress.front().finished, 2u);
  ASSERT_FALSE(progress.front().waiting.empty());
  EXPECT_NE(progress.front().waiting.front().find("CertificatePack/"), std::string::npos);
  EXPECT_NE(progress.front().waiting.front().find("(initializing)"), std::string::npos);
  EXPECT_GT(progress.front().next_check.count(), 0);
  ASSERT_EQ(LivePacks().size(), 1u);
  ASSERT_EQ(LivePacks("example.net").size(), 1u);
  EXPECT_EQ(LivePacks()[0].at("status").as_string(), "active");
  EXPECT_EQ(h_.inventory().Objects().size(), 2u);
  EXPECT_TRUE(h_.inventory().Intents().empty());
  // Every status change printed once; the validation records the operator must create were shown.
  int active_lines = 0, record_lines = 0;
  for (const auto& l : lines_) {
    active_lines += l.find("CertificatePack/www: Ready (active)") != std::string::npos;
    record_lines += l.find("validation record to create: txt") != std::string::npos;
  }
  EXPECT_EQ(active_lines, 1);
  EXPECT_GE(record_lines, 1);
  // Records stay in the inventory after the API stops returning them.
  EXPECT_FALSE(h_.inventory().Find({manifests::Kind::kCertificatePack, "www"})->validation_records.empty());
}

TEST_F(CoreTest, SecondApplyMakesZeroWritesAndOneListPerZone) {
  WritePacks({{"www", {"example.com", "www.example.com"}},
              {"api", {"example.com", "api.example.com"}},
              {"net", {"example.net"}, "google", 90, "txt", "", "example-net"}});
  ASSERT_TRUE(Apply(RunMode::kWait).ok());
  const auto seq = h_.LastHistorySeq();
  h_.requests().Reset();
  const std::size_t reads_before = h_.actual().reads();
  auto outcome = Apply(RunMode::kOnce);
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(Writes(seq), 0);
  EXPECT_EQ(h_.requests().CountMethod("GET"), h_.requests().Total());
  // Lower bound: one pack list per zone holding packs; zone ids are cached by the ScopeDirectory.
  EXPECT_EQ(h_.requests().Count("GET", kPackList), 2);
  EXPECT_EQ(h_.actual().reads() - reads_before, 2u);
  EXPECT_EQ(h_.requests().Total(), 2);
  auto plan = MakePlan();
  EXPECT_FALSE(plan.HasChanges()) << reconcile::RenderPlan(plan, reconcile::PlanFormat::kText);
}

TEST_F(CoreTest, ReadBackDifferencesPlanNoChange) {
  // Hosts in another order and case, branding written as false (read back absent).
  WritePacks({{"www", {"www.example.com", "example.com"}, "lets_encrypt", 90, "txt", "  cloudflareBranding: false\n"}});
  ASSERT_TRUE(Apply(RunMode::kWait).ok());
  WritePacks({{"www", {"WWW.Example.com", "example.com"}}});
  auto plan = MakePlan();
  EXPECT_FALSE(plan.HasChanges()) << reconcile::RenderPlan(plan, reconcile::PlanFormat::kText);
  const auto seq = h_.LastHistorySeq();
  ASSERT_TRUE(Apply(RunMode::kOnce).ok());
  EXPECT_EQ(Writes(seq), 0);
}

TEST_F(CoreTest, BrandingAndValidationMethodChangeInPlace) {
  WritePacks({{"www", {"example.com", "www.example.com"}}});
  ASSERT_TRUE(Apply(RunMode::kOnce).ok());  // ordered
  h_.Advance(std::chrono::seconds(15));     // past initializing: validation pending
  WritePacks({{"www", {"example.com", "www.example.com"}, "lets_encrypt", 90, "http", "  cloudflareBranding: true\n"}});
  auto plan = MakePlan();
  ASSERT_EQ(plan.Count(ChangeType::kUpdate), 1u) << reconcile::RenderPlan(plan, reconcile::PlanFormat::kText);
  EXPECT_EQ(plan.changes[0].fields.size(), 2u);
  ASSERT_TRUE(Apply(RunMode::kWait).ok());
  auto packs = LivePacks();
  ASSERT_EQ(packs.size(), 1u);  // never replaced
  EXPECT_TRUE(packs[0].at("cloudflare_branding").as_bool());
  EXPECT_FALSE(MakePlan().HasChanges());
}

TEST_F(CoreTest, ReplaceOrdersNewWaitsForActiveThenDeletesOld) {
  WritePacks({{"www", {"example.com", "www.example.com"}}});
  ASSERT_TRUE(Apply(RunMode::kWait).ok());
  const std::string old_id = h_.inventory().Find({manifests::Kind::kCertificatePack, "www"})->remote_id;
  const auto seq = h_.LastHistorySeq();

  WritePacks({{"www", {"example.com", "www.example.com", "shop.example.com"}}});
  auto plan = MakePlan();
  ASSERT_EQ(plan.Count(ChangeType::kReplace), 1u);
  EXPECT_EQ(plan.changes[0].fields[0].field, "hosts");
  auto outcome = Apply(RunMode::kWait);
  EXPECT_TRUE(outcome.ok());
  auto packs = LivePacks();
  ASSERT_EQ(packs.size(), 1u);
  const std::string new_id = packs[0].at("id").as_string();
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(h_.inventory().Find({manifests::Kind::kCertificatePack, "www"})->remote_id, new_id);
  EXPECT_TRUE(h_.inventory().Find({manifests::Kind::kCertificatePack, "www"})->superseded_remote_ids.empty());

  // History: the new pack was active before the old one was deleted, so no host went uncovered.
  std::int64_t new_active_at = -1, old_deleted_at = -1;
  const web::json::value history = h_.History(seq);
  for (const auto& e : history.as_array()) {
    const auto& obj = e.at("object");
    if (e.at("id").as_string() == new_id && obj.has_field("active_at") && !obj.at("active_at").is_null()) {
      new_active_at = e.at("at_unix_ms").as_number().to_int64();  // bounded below by active_at
    }
    if (e.at("id").as_string() == old_id && e.at("action").as_string() == "delete") {
      old_deleted_at = e.at("at_unix_ms").as_number().to_int64();
    }
  }
  ASSERT_GE(old_deleted_at, 0);
  bool checked = false;
  for (const auto& e : history.as_array()) {
    if (e.at("id").as_string() != old_id || e.at("action").as_string() != "delete") continue;
    for (const auto& p : history.as_array()) {
      if (p.at("id").as_string() != new_id) continue;
      const auto& active_at = p.at("object").at("active_at");
      ASSERT_FALSE(active_at.is_null());
      EXPECT_LE(active_at.as_string(), e.at("at").as_string());
      checked = true;
    }
  }
  EXPECT_TRUE(checked);
  (void)new_active_at;
}

TEST_F(CoreTest, PruneHonoursTheGuardAndOrphan) {
  WritePacks({{"a", {"example.com", "a.example.com"}},
              {"b", {"example.com", "b.example.com"}},
              {"keep", {"example.com", "keep.example.com"}, "lets_encrypt", 90, "txt", "  deletionPolicy: Orphan\n"},
              {"stay", {"example.com", "stay.example.com"}}});
  ASSERT_TRUE(Apply(RunMode::kOnce).ok());
  ASSERT_EQ(LivePacks().size(), 4u);
  WritePacks({{"stay", {"example.com", "stay.example.com"}}});

  // Two deletions past a cap of one: a stop, not a rate; none is deleted until approved.
  reconcile::PlanOptions plan_options;
  plan_options.prune.max_deletions = 1;
  auto plan = MakePlan(plan_options);
  EXPECT_EQ(plan.Count(ChangeType::kDelete), 0u) << reconcile::RenderPlan(plan, reconcile::PlanFormat::kText);
  EXPECT_EQ(plan.held_back.size(), 2u);

  reconcile::ApplyOptions options;
  options.prune.max_deletions = 1;
  auto outcome = Apply(RunMode::kOnce, options);
  EXPECT_EQ(outcome.held_back.size(), 2u);
  EXPECT_EQ(outcome.orphaned.size(), 1u);
  EXPECT_EQ(LivePacks().size(), 4u);  // both held back, the orphan left in place
  EXPECT_FALSE(h_.inventory().Find({manifests::Kind::kCertificatePack, "keep"}).has_value());
  outcome = Apply(RunMode::kOnce, options);  // asking again is not approving
  EXPECT_EQ(outcome.held_back.size(), 2u);
  EXPECT_EQ(LivePacks().size(), 4u);
  int approvals = 0;
  options.take_deletion_approval = [&approvals] { return ++approvals == 1; };  // one operator yes
  outcome = Apply(RunMode::kOnce, options);
  EXPECT_TRUE(outcome.held_back.empty());
  EXPECT_EQ(approvals, 1);
  EXPECT_EQ(LivePacks().size(), 2u);  // "keep" (orphaned, unowned now) and "stay"
  EXPECT_EQ(h_.inventory().DeletionsSince(h_.clock().Now() - std::chrono::hours(1)), 2u);

  // Empty manifests: nothing is pruned unless --allow-empty.
  h_.WriteFile("manifests.yaml", "");
  ASSERT_TRUE(h_.LoadManifests().ok());
  outcome = Apply(RunMode::kOnce);
  EXPECT_EQ(outcome.held_back.size(), 1u);
  EXPECT_EQ(LivePacks().size(), 2u);
  options.prune.allow_empty = true;
  // --allow-empty lifts the empty-set refusal, not the guard: the window already holds two deletions.
  outcome = Apply(RunMode::kOnce, options);
  EXPECT_EQ(outcome.held_back.size(), 1u);
  EXPECT_EQ(LivePacks().size(), 2u);
  options.take_deletion_approval = [] { return true; };
  outcome = Apply(RunMode::kOnce, options);
  EXPECT_TRUE(outcome.held_back.empty());
  EXPECT_EQ(LivePacks().size(), 1u);  // only the orphaned pack, which edgecert no longer owns
}

TEST_F(CoreTest, AdoptsAnUnownedMatchingPackAndLeavesOthersAlone) {
  const std::string zone = h_.ZoneId();
  api::OrderCertificatePackRequest order{{"www.example.com", "example.com"}, "txt", 90, "lets_encrypt", {}};
  auto existing = h_.client().OrderCertificatePack(zone, order);
  ASSERT_TRUE(existing.ok());
  api::OrderCertificatePackRequest other{{"example.com", "other.example.com"}, "txt", 90, "lets_encrypt", {}};
  ASSERT_TRUE(h_.client().OrderCertificatePack(zone, other).ok());

  WritePacks({{"www", {"example.com", "www.example.com"}}});
  auto plan = MakePlan();
  ASSERT_EQ(plan.Count(ChangeType::kAdopt), 1u);
  const auto seq = h_.LastHistorySeq();
  ASSERT_TRUE(Apply(RunMode::kWait).ok());
  EXPECT_EQ(Writes(seq), 0);  // adoption writes nothing remotely
  EXPECT_EQ(h_.inventory().Find({manifests::Kind::kCertificatePack, "www"})->remote_id, existing->id);
  EXPECT_EQ(LivePacks().size(), 2u);
  EXPECT_EQ(h_.inventory().Objects().size(), 1u);
}

TEST_F(CoreTest, TimedOutValidationIsRestartedThenFailsAfterTheBound) {
  web::json::value faults =
      web::json::value::parse(R"({"validation_timeouts": [{"pattern": "slow.example.com", "attempts": 0}]})");
  h_.SetFaults(faults);
  h_.options().max_validation_restarts = 2;
  WritePacks({{"slow", {"example.com", "slow.example.com"}}});
  reconcile::ApplyOptions options;
  options.timeout = std::chrono::hours(6);
  auto outcome = Apply(RunMode::kWait, options);
  ASSERT_EQ(outcome.failed.size(), 1u);
  EXPECT_NE(outcome.failed[0].find("validation_timed_out after 2 validation restarts"), std::string::npos)
      << outcome.failed[0];
  int restarts = 0;
  const web::json::value history = h_.History();
  for (const auto& e : history.as_array()) {
    restarts += e.at("action").as_string().find("restart") != std::string::npos ||
                (e.at("action").as_string() == "update" && e.at("kind").as_string() == "certificate_pack");
  }
  EXPECT_EQ(restarts, 2);
  EXPECT_EQ(h_.status().Get({manifests::Kind::kCertificatePack, "slow"})->phase, reconcile::Phase::kFailed);
  EXPECT_EQ(LivePacks().size(), 1u);
}

TEST_F(CoreTest, TimedOutValidationRecoversAfterARestart) {
  h_.SetFaults(web::json::value::parse(R"({"validation_timeouts": [{"pattern": "slow.example.com", "attempts": 1}]})"));
  WritePacks({{"slow", {"example.com", "slow.example.com"}}});
  reconcile::ApplyOptions options;
  options.timeout = std::chrono::hours(6);
  auto outcome = Apply(RunMode::kWait, options);
  EXPECT_TRUE(outcome.ok()) << (outcome.failed.empty() ? "" : outcome.failed.front());
  EXPECT_EQ(LivePacks()[0].at("status").as_string(), "active");
}

TEST_F(CoreTest, CommitThenDropOnAnOrderMakesNoDuplicate) {
  h_.SetFaults(
      web::json::value::parse(R"({"drops": [{"route": "*/certificate_packs/order", "rate": 1, "remaining": 1}]})"));
  WritePacks({{"www", {"example.com", "www.example.com"}}});
  auto outcome = Apply(RunMode::kWait);
  EXPECT_TRUE(outcome.ok()) << (outcome.failed.empty() ? "" : outcome.failed.front());
  EXPECT_EQ(LivePacks().size(), 1u);
  int orders = 0;
  const web::json::value history = h_.History();
  for (const auto& e : history.as_array()) orders += e.at("action").as_string() == "create";
  EXPECT_EQ(orders, 1);
  EXPECT_TRUE(h_.inventory().Intents().empty());
}

TEST_F(CoreTest, RestartWithAnIntentAdoptsInsteadOfOrderingAgain) {
  WritePacks({{"www", {"example.com", "www.example.com"}}});
  // A crash right after the order was sent: the intent is recorded, the inventory never heard back.
  const std::string zone = h_.ZoneId();
  ASSERT_TRUE(h_.inventory()
                  .RecordIntent({{manifests::Kind::kCertificatePack, "www"},
                                 zone,
                                 reconcile::MatchKeyForHosts({"example.com", "www.example.com"}),
                                 h_.clock().Now()})
                  .ok());
  api::OrderCertificatePackRequest order{{"example.com", "www.example.com"}, "txt", 90, "lets_encrypt", {}};
  auto sent = h_.client().OrderCertificatePack(zone, order);
  ASSERT_TRUE(sent.ok());
  h_.Restart();
  ASSERT_TRUE(Apply(RunMode::kWait).ok());
  EXPECT_EQ(LivePacks().size(), 1u);
  EXPECT_EQ(h_.inventory().Find({manifests::Kind::kCertificatePack, "www"})->remote_id, sent->id);
}

TEST_F(CoreTest, UniversalSslDisableGuardAndAutomaticMode) {
  // The manifests hold a pack (offline validation wants one), but until it is active the API-side
  // guard refuses to disable Universal SSL.
  std::string text = ReconcileHarness::ScopesYaml() + "---\n" + PackYaml({"www", {"example.com", "www.example.com"}}) +
                     "---\napiVersion: edgecert.dev/v1\nkind: UniversalSSL\nmetadata:\n  name: com\nspec:\n"
                     "  zone: example-com\n  enabled: false\n  automaticMode: custom\n";
  h_.WriteFile("manifests.yaml", text);
  auto load = h_.LoadManifests();
  ASSERT_TRUE(load.ok()) << load.errors.front().message;
  auto outcome = Apply(RunMode::kOnce);
  EXPECT_TRUE(outcome.failed.empty());  // waits for the pack of the manifests rather than failing
  auto status = h_.status().Get({manifests::Kind::kUniversalSsl, "com"});
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->phase, reconcile::Phase::kPending);
  EXPECT_NE(status->last_error.find("refusing to disable Universal SSL"), std::string::npos);
  EXPECT_TRUE(h_.State().at("zones").at(h_.ZoneId()).at("universal_ssl_enabled").as_bool());

  outcome = Apply(RunMode::kWait);  // the pack goes active, then Universal SSL is disabled
  EXPECT_TRUE(outcome.ok()) << (outcome.failed.empty() ? "" : outcome.failed.front());
  auto zone = h_.State().at("zones").at(h_.ZoneId());
  EXPECT_FALSE(zone.at("universal_ssl_enabled").as_bool());
  EXPECT_EQ(zone.at("ssl_automatic_mode").as_string(), "custom");
  EXPECT_FALSE(MakePlan().HasChanges());
}

TEST_F(CoreTest, PlanMakesOnlyGetRequests) {
  WritePacks({{"www", {"example.com", "www.example.com"}}, {"api", {"example.com", "api.example.com"}}});
  ASSERT_TRUE(Apply(RunMode::kOnce).ok());
  WritePacks({{"www", {"example.com", "www.example.com", "x.example.com"}},
              {"new", {"example.com", "new.example.com"}, "lets_encrypt", 90, "txt", "  cloudflareBranding: true\n"}});
  const auto seq = h_.LastHistorySeq();
  h_.requests().Reset();
  auto plan = MakePlan();
  EXPECT_TRUE(plan.HasChanges());
  EXPECT_GT(h_.requests().Total(), 0);
  EXPECT_EQ(h_.requests().CountMethod("GET"), h_.requests().Total());
  EXPECT_EQ(Writes(seq), 0);
}

}  // namespace
}  // namespace edgecert::testing
