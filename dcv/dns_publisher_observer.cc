#include "dcv/dns_publisher_observer.h"

namespace edgecert::dcv {

void DnsPublisherObserver::Sync() {
  std::unique_lock<std::mutex> lock(mu_);
  if (running_) {
    again_ = true;
    return;
  }
  running_ = true;
  do {
    again_ = false;
    lock.unlock();
    std::shared_ptr<const manifests::DesiredState> desired = desired_();
    Status s = desired ? publisher_.Sync(*desired, status_) : Status::Ok();
    lock.lock();
    if (!s.ok() && s.message() != last_error_ && on_error_) on_error_(s);
    last_error_ = s.ok() ? "" : s.message();
  } while (again_);
  running_ = false;
}

void DnsPublisherObserver::OnReconciled(const reconcile::ReconcileEvent& event) {
  if (manifests::FactsOf(event.key.kind).validation_records) Sync();
  next_.OnReconciled(event);
}

void DnsPublisherObserver::OnSyncCompleted(Clock::TimePoint when) {
  Sync();
  next_.OnSyncCompleted(when);
}

}  // namespace edgecert::dcv
