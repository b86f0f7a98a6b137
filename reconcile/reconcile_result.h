// ReconcileResult: what one reconcile of one object asks the loop to do next (controller-runtime's
// Result + error). Reconcilers never sleep or retry themselves; the loop owns backoff and requeues.
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include "common/status.h"

namespace edgecert::reconcile {

class ReconcileResult {
 public:
  enum class Action {
    kDone,          // converged; come back at the periodic resync
    kRequeueAfter,  // asynchronous work pending (validation, issuance); look again after `after`
    kRetry,         // a retryable failure: requeue with the item's exponential backoff
    kFailed,        // terminal until the manifest or the remote state changes; no automatic retry
  };

  static ReconcileResult Done() { return ReconcileResult(Action::kDone, {}, Status::Ok()); }
  static ReconcileResult RequeueAfter(std::chrono::seconds after) {
    return ReconcileResult(Action::kRequeueAfter, after, Status::Ok());
  }
  static ReconcileResult Retry(Status why) { return ReconcileResult(Action::kRetry, {}, std::move(why)); }
  static ReconcileResult Failed(Status why) { return ReconcileResult(Action::kFailed, {}, std::move(why)); }

  // Maps a Status to the action its code advises: retryable and ambiguous codes retry with backoff, and
  // so does a wait cancelled by a stop (nothing is wrong with the object); everything else is terminal.
  static ReconcileResult FromStatus(Status status) {
    if (status.ok()) return Done();
    if (status.IsRetryable() || status.code() == StatusCode::kAmbiguous ||
        status.code() == StatusCode::kDeadlineExceeded || status.code() == StatusCode::kInternal ||
        status.code() == StatusCode::kCancelled) {
      return Retry(std::move(status));
    }
    return Failed(std::move(status));
  }

  Action action() const { return action_; }
  std::chrono::seconds after() const { return after_; }
  const Status& status() const { return status_; }

 private:
  ReconcileResult(Action action, std::chrono::seconds after, Status status)
      : action_(action), after_(after), status_(std::move(status)) {}

  Action action_;
  std::chrono::seconds after_;
  Status status_;
};

}  // namespace edgecert::reconcile
