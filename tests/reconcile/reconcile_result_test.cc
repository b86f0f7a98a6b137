#include "reconcile/reconcile_result.h"

#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

using Action = ReconcileResult::Action;

TEST(ReconcileResultTest, StatusCodesMapToRetryAdvice) {
  EXPECT_EQ(ReconcileResult::FromStatus(Status::Ok()).action(), Action::kDone);
  EXPECT_EQ(ReconcileResult::FromStatus(Unavailable("5xx")).action(), Action::kRetry);
  EXPECT_EQ(ReconcileResult::FromStatus(Status(StatusCode::kResourceExhausted, "429")).action(), Action::kRetry);
  EXPECT_EQ(ReconcileResult::FromStatus(Status(StatusCode::kAmbiguous, "drop")).action(), Action::kRetry);
  EXPECT_EQ(ReconcileResult::FromStatus(InvalidArgument("bad hosts")).action(), Action::kFailed);
  EXPECT_EQ(ReconcileResult::FromStatus(FailedPrecondition("in use")).action(), Action::kFailed);
}

TEST(ReconcileResultTest, RequeueCarriesDelay) {
  auto r = ReconcileResult::RequeueAfter(std::chrono::seconds(30));
  EXPECT_EQ(r.action(), Action::kRequeueAfter);
  EXPECT_EQ(r.after(), std::chrono::seconds(30));
  EXPECT_TRUE(r.status().ok());
}

}  // namespace
}  // namespace edgecert::reconcile
