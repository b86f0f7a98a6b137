// The Controller while a reconcile waits for the API budget (a 429's Retry-After, up to 15 minutes):
// the wait is progress, so Healthy() stays OK, and Stop() ends it at once with nothing sent. The fake
// clock's sleepers block here, so only the test moves time; the workers wait in real time (kRealTime).
#include <gtest/gtest.h>

#include "tests/reconcile/controller/controller_fixture.h"

namespace edgecert::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(ControllerTest, AReconcileWaitingOnTheBudgetIsHealthyAndStopEndsTheWait) {
  ReconcileHarnessOptions harness;
  harness.sleepers = FakeClock::Sleepers::kBlock;
  reconcile::ControllerOptions options;
  options.idle_tick = 10ms;
  Build(std::move(harness), options);
  h_->budget().BlockUntil(h_->clock().Monotonic() + 900s);
  const int sent_before = h_->requests().Total();
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitUntil([&] { return h_->clock().sleeping() >= 1; })) << "the reconcile waits";

  h_->clock().Advance(options_.stuck_after + 1min);  // six minutes into the wait, nine to go
  EXPECT_TRUE(controller_->Healthy().ok()) << controller_->Healthy().ToString();

  // Without closing the budget the drain would run into its bound: fake time does not move.
  EXPECT_TRUE(controller_->Stop(20s));
  EXPECT_EQ(h_->requests().Total(), sent_before) << "nothing was sent";
  EXPECT_TRUE(LivePacks().empty());
  EXPECT_NE(h_->Logs().find("Cancelled"), std::string::npos) << h_->Logs();
}

}  // namespace
}  // namespace edgecert::testing
