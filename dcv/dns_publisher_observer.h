// DnsPublisherObserver: runs a CloudflareDnsPublisher pass after every reconcile of a pack or custom
// hostname and after every full pass of the controller, then hands each event on. A pass asked for
// while one runs is folded into one more pass, so workers never queue behind the DNS calls. `desired`
// gives the snapshot in force (null: none yet); it is called from the workers, never under a lock here.
// Thread-safety: the controller's workers call it concurrently.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "dcv/cloudflare_dns_publisher.h"
#include "dcv/coalesced_pass.h"
#include "reconcile/controller.h"

namespace edgecert::dcv {

class DnsPublisherObserver final : public reconcile::ControllerObserver {
 public:
  using DesiredSource = std::function<std::shared_ptr<const manifests::DesiredState>()>;
  DnsPublisherObserver(CloudflareDnsPublisher& publisher, DesiredSource desired,
                       const reconcile::ObjectStatusBoard& status, reconcile::ControllerObserver& next,
                       std::function<void(const Status&)> on_error)
      : next_(next),
        pass_(
            [&publisher, desired = std::move(desired), &status] {
              std::shared_ptr<const manifests::DesiredState> snapshot = desired();
              return snapshot ? publisher.Sync(*snapshot, status) : Status::Ok();
            },
            std::move(on_error)) {}

  void OnReconciled(const reconcile::ReconcileEvent& event) override;
  void OnQueue(std::size_t waiting, std::size_t in_flight) override { next_.OnQueue(waiting, in_flight); }
  void OnSyncCompleted(Clock::TimePoint when) override;

 private:
  reconcile::ControllerObserver& next_;
  CoalescedPass pass_;  // on_error is called when the error differs from the last one
};

}  // namespace edgecert::dcv
