// The Controller and steps of the wall clock (NTP): every delay runs on the monotonic clock, so a step
// either way neither stalls nor hurries the queue, and /healthz (Healthy) does not trip.
#include <gtest/gtest.h>

#include "common/duration.h"
#include "tests/reconcile/controller/controller_fixture.h"

namespace edgecert::testing {
namespace {

using namespace std::chrono_literals;

const reconcile::ObjectKey kWww{manifests::Kind::kCertificatePack, "www"};

TEST_F(ControllerTest, AWallClockStepNeitherStallsTheQueueNorTripsHealth) {
  observer_.HoldWhen([&](std::size_t) { return IsReady(manifests::Kind::kCertificatePack, "www"); });
  controller_->Start();
  ASSERT_TRUE(Desire({{"www", {"example.com", "www.example.com"}}}));
  ASSERT_TRUE(observer_.WaitHeld());  // time stands still while the worker is held
  const std::size_t seen = observer_.EventsOf(kWww).size();
  const Clock::MonoTime m0 = h_->clock().Monotonic();
  const Clock::Duration to_resync = *controller_->Summary().next_resync - h_->clock().Now();
  const Clock::MonoTime resync_at = m0 + to_resync;
  ASSERT_GT(to_resync, 0s);

  h_->clock().StepWall(24h);  // forwards a day: nothing looks stuck, nothing comes due early
  EXPECT_TRUE(controller_->Healthy().ok()) << controller_->Healthy().ToString();
  EXPECT_EQ(*controller_->Summary().next_resync - h_->clock().Now(), to_resync);
  h_->clock().StepWall(-25h);  // then an hour behind where it was: the resync still comes on time
  EXPECT_TRUE(controller_->Healthy().ok()) << controller_->Healthy().ToString();
  EXPECT_EQ(*controller_->Summary().next_resync - h_->clock().Now(), to_resync);

  observer_.Release();
  ASSERT_TRUE(observer_.WaitUntil([&] { return observer_.EventsOf(kWww).size() > seen; }));
  const auto events = observer_.EventsOf(kWww);
  EXPECT_EQ(events[seen].started, resync_at)
      << "the resync came " << WholeSeconds(events[seen].started - resync_at) << " s late";
  EXPECT_TRUE(controller_->Healthy().ok()) << controller_->Healthy().ToString();
}

}  // namespace
}  // namespace edgecert::testing
