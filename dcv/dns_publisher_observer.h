// DnsPublisherObserver: runs a CloudflareDnsPublisher pass after every reconcile of a pack or custom
// hostname and after every full pass of the controller, then hands each event on. A pass asked for
// while one runs is folded into one more pass, so workers never queue behind the DNS calls. The desired
// snapshot comes from SetDesired (the daemon calls it with every snapshot it gives the controller).
// Thread-safety: the controller's workers call it concurrently; SetDesired from any thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "dcv/cloudflare_dns_publisher.h"
#include "reconcile/controller.h"

namespace edgecert::dcv {

class DnsPublisherObserver final : public reconcile::ControllerObserver {
 public:
  DnsPublisherObserver(CloudflareDnsPublisher& publisher, const reconcile::ObjectStatusBoard& status,
                       reconcile::ControllerObserver& next, std::function<void(const Status&)> on_error)
      : publisher_(publisher), status_(status), next_(next), on_error_(std::move(on_error)) {}

  void SetDesired(std::shared_ptr<const manifests::DesiredState> desired);

  void OnReconciled(const reconcile::ReconcileEvent& event) override;
  void OnQueue(std::size_t waiting, std::size_t in_flight) override { next_.OnQueue(waiting, in_flight); }
  void OnSyncCompleted(Clock::TimePoint when) override;

 private:
  void Sync();

  CloudflareDnsPublisher& publisher_;
  const reconcile::ObjectStatusBoard& status_;
  reconcile::ControllerObserver& next_;
  std::function<void(const Status&)> on_error_;  // called when the error differs from the last one
  std::mutex mu_;
  std::shared_ptr<const manifests::DesiredState> desired_;  // guarded by mu_
  bool running_ = false;                                    // guarded by mu_
  bool again_ = false;                                      // guarded by mu_
  std::string last_error_;                                  // guarded by mu_
};

}  // namespace edgecert::dcv
