// What the Controller tells operators about itself: liveness (/healthz), readiness (/readyz) and the
// summary behind /status. Readers only: every function takes the controller's lock and copies.
#include <spdlog/fmt/fmt.h>

#include <algorithm>
#include <string>

#include "common/duration.h"
#include "reconcile/controller.h"

namespace edgecert::reconcile {
namespace {}  // namespace

Status Controller::Healthy() const {
  std::lock_guard lock(mu_);
  if (!started_) return Unavailable("the controller has not started");
  if (stopping_) return Unavailable("the controller is stopping");
  const Clock::MonoTime now = parts_.clock.Monotonic();  // a wall step must not look like a hang
  for (const auto& [key, run] : running_) {
    Clock::MonoTime busy_since = run.since;
    if (parts_.budget != nullptr) {
      // Waiting for a token or a Retry-After is progress: only a wait that overran its own end by
      // stuck_after, or the time since the last wait ended, can make it look stuck.
      const api::BudgetWait wait = parts_.budget->WaitOf(run.worker);
      if (wait.until && now - *wait.until <= options_.stuck_after) continue;
      busy_since = std::max(busy_since, wait.until.value_or(wait.last_end));
    }
    if (now - busy_since > options_.stuck_after) {
      std::string message =
          fmt::format("{} has been reconciling for {} s", key.ToString(), WholeSeconds(now - run.since));
      if (busy_since != run.since) {
        message += fmt::format(" ({} s since it last waited for the API budget)", WholeSeconds(now - busy_since));
      }
      return Unavailable(message);
    }
  }
  // Idle workers wake at least every idle tick; none doing so while nothing runs means the loop died.
  if (running_.empty() && now - last_progress_ > options_.stuck_after) {
    return Unavailable(fmt::format("no worker went round the loop for {} s", WholeSeconds(now - last_progress_)));
  }
  return Status::Ok();
}

bool Controller::Ready() const {
  std::lock_guard lock(mu_);
  if (!desired_) return false;
  // No objects: nothing needs the API, the (empty) desired state is in force.
  return api_reachable_ || items_.empty();
}

Status Controller::Readiness() const {
  std::lock_guard lock(mu_);
  if (!desired_) return Unavailable("no desired state is in force");
  if (api_reachable_ || items_.empty()) return Status::Ok();
  switch (api_error_.code()) {
    case StatusCode::kUnauthenticated:
    case StatusCode::kPermissionDenied:
      // The message carries the HTTP status and the API's error code; the client scrubbed it of secrets.
      return Unavailable("the API refused the credentials: " + api_error_.message());
    case StatusCode::kOk:
      return Unavailable("the API has not answered yet");
    default:
      return Unavailable("the API has not answered the last calls: " + api_error_.message());
  }
}

ControllerSummary Controller::Summary() const {
  std::lock_guard lock(mu_);
  ControllerSummary s;
  if (desired_) {
    s.desired_hash = desired_->hash();
    s.desired_objects = desired_->size();
  }
  s.desired_since = desired_since_;
  s.last_sync = last_sync_;
  if (next_resync_) s.next_resync = parts_.clock.WallAt(*next_resync_);
  s.waiting = WaitingLocked();
  s.in_flight = static_cast<std::size_t>(busy_);
  s.held_back = held_back_;
  return s;
}

std::shared_ptr<const manifests::DesiredState> Controller::desired() const {
  std::lock_guard lock(mu_);
  return desired_;
}

}  // namespace edgecert::reconcile
