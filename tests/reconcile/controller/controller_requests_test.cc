// What convergence costs in API requests: orders in a zone keep its cached list (no list per order),
// and the pending objects of a zone are polled together by one list per poll round.
#include <gtest/gtest.h>

#include "common/duration.h"
#include "tests/reconcile/controller/controller_fixture.h"

namespace edgecert::testing {
namespace {

std::vector<PackSpec> Packs(int n, const std::string& apex, const std::string& zone) {
  std::vector<PackSpec> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({"p" + std::to_string(i) + "-" + zone,
                   {apex, "p" + std::to_string(i) + "." + apex},
                   "lets_encrypt",
                   90,
                   "txt",
                   "",
                   zone});
  }
  return out;
}

TEST_F(ControllerTest, OrdersInAZoneCostOnePostEachAndAConstantNumberOfLists) {
  constexpr int kPacks = 24;
  ReconcileHarnessOptions roomy;
  for (auto& zone : roomy.emulator.config.zones) zone.advanced_pack_quota = 100;
  Build(std::move(roomy));
  controller_->Start();
  h_->requests().Reset();
  ASSERT_TRUE(Desire(Packs(kPacks, "example.com", "example-com")));
  ASSERT_TRUE(observer_.WaitUntil([&] {
    for (int i = 0; i < kPacks; ++i) {
      if (!IsReady(manifests::Kind::kCertificatePack, "p" + std::to_string(i) + "-example-com")) return false;
    }
    return true;
  }));
  EXPECT_EQ(h_->requests().CountMethod("POST"), kPacks);
  const int lists = h_->requests().Count("GET", "/zones/{zone_id}/ssl/certificate_packs");
  // One list before the orders, then one per poll round of the zone (its pending packs together):
  // a handful, whatever the number of packs. Before, every order dropped the list: 24 lists or more.
  EXPECT_LE(lists, 6) << "pack lists";
  EXPECT_EQ(h_->requests().Total(), h_->requests().CountMethod("POST") + h_->requests().CountMethod("GET"));
}

TEST_F(ControllerTest, PendingPacksOrderedApartArePolledInTheSameRounds) {
  ReconcileHarnessOptions slow;
  slow.emulator.config.lifecycle.validation = std::chrono::minutes(20);
  reconcile::ControllerOptions options = SimulatedOptions();
  options.resync = std::chrono::hours(2);  // no resync pass while they validate: only poll rounds list
  Build(std::move(slow), options);
  // Held at the fourth report, simulated time cannot run on into the first four's poll rounds before
  // the second burst is ordered (it did, under load: the burst then landed at any time).
  observer_.HoldAt(4);
  auto all_ready = [this] {
    for (int i = 0; i < 8; ++i) {
      if (!IsReady(manifests::Kind::kCertificatePack, "p" + std::to_string(i) + "-example-com")) return false;
    }
    return true;
  };
  // And held once all are ready, before time runs on to the resync (its list is not a poll round's).
  observer_.HoldWhen([all_ready](std::size_t) { return all_ready(); });
  controller_->Start();
  ASSERT_TRUE(Desire(Packs(4, "example.com", "example-com")));
  ASSERT_TRUE(observer_.WaitHeld());
  // A second burst 17 s later in the same zone, while the first four are pending.
  h_->clock().Advance(std::chrono::seconds(17));
  ASSERT_TRUE(Desire(Packs(8, "example.com", "example-com")));
  observer_.Release();
  ASSERT_TRUE(observer_.WaitHeld());
  // Every requeue of a pending pack lands on one of the zone's rounds; the packs share them.
  std::map<Clock::MonoTime, int> rounds;
  for (const auto& e : observer_.Events()) {
    if (e.result == "requeue" && e.next) ++rounds[*e.next];
  }
  int shared = 0;
  for (const auto& [at, n] : rounds) shared += n > 1 ? n : 0;
  int polls = 0;
  for (const auto& [at, n] : rounds) polls += n;
  EXPECT_GE(shared, polls - 2) << "most polls share a round with other packs of the zone";
  const Clock::MonoTime origin = observer_.Events().front().started;
  // One list per round, plus one for each of the two snapshots.
  std::string trace;  // what happened, when the counts do not hold
  for (const auto& e : observer_.Events()) {
    trace += e.key.name + " " + e.result + " @" + std::to_string(WholeSeconds(e.started - origin)) +
             (e.next ? " next @" + std::to_string(WholeSeconds(*e.next - origin)) : std::string()) + "\n";
  }
  EXPECT_LE(h_->requests().Count("GET", "/zones/{zone_id}/ssl/certificate_packs"), static_cast<int>(rounds.size()) + 2)
      << trace;
}

}  // namespace
}  // namespace edgecert::testing
