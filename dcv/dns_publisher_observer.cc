#include "dcv/dns_publisher_observer.h"

namespace edgecert::dcv {

void DnsPublisherObserver::OnReconciled(const reconcile::ReconcileEvent& event) {
  if (manifests::FactsOf(event.key.kind).validation_records) pass_.Run();
  next_.OnReconciled(event);
}

void DnsPublisherObserver::OnSyncCompleted(Clock::TimePoint when) {
  pass_.Run();
  next_.OnSyncCompleted(when);
}

}  // namespace edgecert::dcv
