// The Controller's settle mode, which is how `apply` runs: one desired snapshot, one pass, until every
// object settled (one step each, or ready with kWait), then stop. The steps themselves are the daemon's
// (Controller::Process); this file keeps the outcome and says when the run is over.
#include <spdlog/fmt/fmt.h>

#include "reconcile/controller.h"

namespace edgecert::reconcile {

ApplyOutcome Controller::RunUntilSettled(std::shared_ptr<const manifests::DesiredState> desired,
                                         std::function<void(const ApplyProgress&)> progress) {
  if (!options_.settle) {
    ApplyOutcome refused;
    refused.failed.push_back("the controller was not built in settle mode");
    return refused;
  }
  const bool wait = options_.settle->mode == RunMode::kWait;
  {
    std::lock_guard lock(mu_);
    if (wait) {
      horizon_ = parts_.clock.Monotonic() + options_.settle->timeout;
      progress_ = std::move(progress);
    }
  }
  Start();
  SetDesired(std::move(desired));

  constexpr auto kProgressEvery = std::chrono::seconds(1);  // real time: the live line's refresh
  std::unique_lock lock(mu_);
  while (!SettledLocked()) {
    const Clock::MonoTime now = parts_.clock.Monotonic();
    if (horizon_ && now >= *horizon_) break;
    if (options_.wait == WaitMode::kSimulated) {
      wake_.wait(lock);  // every step and every move of the clock notifies
      continue;
    }
    auto bound = std::chrono::duration_cast<std::chrono::milliseconds>(kProgressEvery);
    if (horizon_) bound = std::min(bound, std::chrono::ceil<std::chrono::milliseconds>(*horizon_ - now));
    if (wake_.wait_for(lock, bound) == std::cv_status::timeout && progress_ && busy_ == 0) {
      const ApplyProgress p = ProgressLocked(parts_.clock.Monotonic());
      lock.unlock();
      progress_(p);
      lock.lock();
    }
  }
  ApplyOutcome outcome = settle_outcome_;
  outcome.held_back = held_back_;
  for (const auto& [qk, item] : items_) {
    if (settle_finished_.count(qk)) continue;
    const std::optional<ObjectStatus> status = parts_.status.Get(item.key);
    std::string where = "not started";
    if (status) {
      where = std::string(PhaseName(status->phase));
      if (!status->remote_status.empty()) where += ", " + status->remote_status;
    }
    outcome.not_ready.push_back(item.key.ToString() + ": not ready at the timeout (" + where + ")");
  }
  lock.unlock();
  Stop();
  return outcome;
}

void Controller::RecordSettleLocked(const std::string& qk, const Item& item, const ReconcileEvent& event) {
  ++settle_outcome_.reconciles;
  if (event.next) return;  // comes back in this run
  settle_finished_.insert(qk);
  if (event.result == "failed") {
    settle_outcome_.failed.push_back(item.key.ToString() + ": " + event.status.ToString());
  } else if (event.gave_up) {
    settle_outcome_.failed.push_back(fmt::format("{}: gave up after {} retries: {}", item.key.ToString(),
                                                 options_.settle->max_retries, event.status.ToString()));
  }
}

bool Controller::SettledLocked() const {
  return desired_ != nullptr && busy_ == 0 && deferred_.empty() && WaitingLocked() == 0;
}

ApplyProgress Controller::ProgressLocked(Clock::MonoTime now) const {
  constexpr std::size_t kShown = 3;  // a progress line names a few; the count says the rest
  ApplyProgress progress;
  progress.finished = settle_finished_.size();
  progress.total = progress.finished;
  if (const std::optional<Clock::MonoTime> next = queue_.NextDue()) {
    progress.next_check = std::max(Clock::Duration::zero(), *next - now);
  }
  for (const auto& [qk, item] : items_) {
    if (settle_finished_.count(qk)) continue;
    ++progress.total;
    if (progress.waiting.size() == kShown) continue;
    std::string what = item.key.ToString();
    if (std::optional<ObjectStatus> status = parts_.status.Get(item.key); status && !status->remote_status.empty()) {
      what += " (" + status->remote_status + ")";
    }
    progress.waiting.push_back(std::move(what));
  }
  return progress;
}

}  // namespace edgecert::reconcile
