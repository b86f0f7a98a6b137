#include "daemon/leader_terms.h"

namespace edgecert::daemon {

LeaderTerms::LeaderTerms(reconcile::EtcdElection* election, reconcile::Inventory& inventory, MakeController make,
                         std::chrono::milliseconds retry, std::chrono::milliseconds drain, spdlog::logger& log,
                         LeaderMetrics* metrics)
    : election_(election),
      inventory_(inventory),
      make_(std::move(make)),
      retry_(retry),
      drain_(drain),
      log_(log),
      metrics_(metrics) {}

LeaderTerms::~LeaderTerms() { Stop(); }

void LeaderTerms::Start() {
  if (election_ == nullptr) {
    BeginTerm();
    return;
  }
  if (metrics_ != nullptr) metrics_->SetLeading(false);
  loop_ = std::thread([this] { Loop(); });
}

void LeaderTerms::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto view = election_->Step();
    const bool leading = election_->Leading();
    lock.lock();
    const std::string error = view.ok() ? "" : view.status().message();
    if (error != etcd_error_) {
      if (!error.empty()) log_.warn("leader election: {}", error);
      if (error.empty()) log_.info("leader election: etcd answers again");
      etcd_error_ = error;
    }
    if (stopping_) break;
    if (leading && !controller_) {
      lock.unlock();
      log_.info("leader election: this instance ({}) leads now", election_->instance());
      BeginTerm();
      lock.lock();
    } else if (!leading && controller_) {
      lock.unlock();
      log_.warn("leader election: this instance no longer leads ({}); API writes stopped",
                error.empty() ? "leader: " + election_->LastView().leader : error);
      EndTerm();
      lock.lock();
    }
    wake_.wait_for(lock, retry_, [this] { return stopping_; });
  }
}

void LeaderTerms::BeginTerm() {
  if (election_ != nullptr) {
    // The previous leader wrote the inventory; this term starts from what it left.
    Status reloaded = inventory_.Reload();
    if (!reloaded.ok()) {
      log_.error("leader election: cannot read the inventory, not leading this round: {}", reloaded.message());
      return;
    }
  }
  std::unique_ptr<reconcile::Controller> controller = make_();
  controller->Start();
  std::lock_guard lock(mu_);
  if (desired_) controller->SetDesired(desired_);
  controller_ = std::move(controller);
  if (metrics_ != nullptr) metrics_->SetLeading(true);
}

bool LeaderTerms::EndTerm() {
  std::unique_ptr<reconcile::Controller> controller;
  {
    std::lock_guard lock(mu_);
    controller = std::move(controller_);
  }
  if (metrics_ != nullptr) metrics_->SetLeading(false);
  if (!controller) return true;
  const bool drained = controller->Stop(drain_);
  if (!drained) {
    // Reconciles still inside API calls: their writes are gated, their state writes fenced. Leaking the
    // controller beats joining threads that may wait on an unanswered call.
    log_.warn("reconciles still running after {} ms at the end of the term", drain_.count());
    (void)controller.release();
  }
  return drained;
}

bool LeaderTerms::SetDesired(std::shared_ptr<const manifests::DesiredState> desired) {
  std::lock_guard lock(mu_);
  const bool changed = desired_ != desired;
  desired_ = desired;
  snapshot_.store(desired);
  if (controller_) return controller_->SetDesired(desired);
  return changed;
}

bool LeaderTerms::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return true;
    stopping_ = true;
  }
  wake_.notify_all();
  if (loop_.joinable()) loop_.join();
  const bool drained = EndTerm();
  if (election_ != nullptr) {
    Status resigned = election_->Resign();
    if (resigned.ok()) log_.info("leader election: resigned (lease revoked)");
    else log_.warn("leader election: could not revoke the lease ({}); it expires on its own", resigned.message());
  }
  return drained;
}

void LeaderTerms::With(const std::function<void(reconcile::Controller*)>& fn) const {
  std::lock_guard lock(mu_);
  fn(controller_.get());
}

Status LeaderTerms::EtcdHealth() const {
  std::lock_guard lock(mu_);
  if (etcd_error_.empty()) return Status::Ok();
  return Unavailable("etcd unreachable, no API writes until it answers: " + etcd_error_);
}

std::string LeaderTerms::Role() const {
  if (election_ == nullptr) return "leader";
  std::lock_guard lock(mu_);
  if (controller_) return "leader";
  return election_->LastView().leader.empty() ? "candidate" : "follower";
}

std::string LeaderTerms::Leader() const {
  if (election_ == nullptr) return "";
  return election_->LastView().leader;
}

}  // namespace edgecert::daemon
