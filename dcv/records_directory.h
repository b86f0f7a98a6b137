// DnsRecordsDirectory: keeps a directory equal to the DCV records the objects of a status board still
// wait for: "<kind>-<name>.yaml" (an external-dns DNSEndpoint) per certificate pack or custom hostname
// with pending TXT/CNAME records, and "<zone>.zone" (an RFC 1035 fragment) per zone that has any. A file
// is written atomically and only when its content changes, and removed once its object is active or gone.
// Only files that start with the edgecert marker are ever replaced or removed; others are left alone.
// Thread-safety: Sync may be called from several threads; calls are serialized.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "dcv/coalesced_pass.h"
#include "dcv/dcv_records.h"
#include "reconcile/controller.h"
#include "reconcile/object_status.h"

namespace edgecert::dcv {

class DnsRecordsDirectory {
 public:
  explicit DnsRecordsDirectory(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // Makes the directory match `statuses` (every object; the others are ignored). Every file is tried;
  // the first error is returned, naming the file.
  Status Sync(const std::vector<reconcile::ObjectStatus>& statuses);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  const std::filesystem::path dir_;
  std::mutex mu_;
  std::map<std::string, std::string> written_;  // guarded by mu_: file name -> content last written
};

// Syncs the directory after every reconcile of a pack or custom hostname, then hands the event on. A
// sync asked for while one runs is folded into one more pass, so workers never queue behind the files.
// Thread-safety: the controller's workers call it concurrently.
class DnsRecordsObserver final : public reconcile::ControllerObserver {
 public:
  DnsRecordsObserver(DnsRecordsDirectory& directory, const reconcile::ObjectStatusBoard& status,
                     reconcile::ControllerObserver& next, std::function<void(const Status&)> on_error)
      : next_(next),
        pass_([&directory, &status] { return directory.Sync(StatusesWithPendingRecords(status)); },
              std::move(on_error)) {}

  void OnReconciled(const reconcile::ReconcileEvent& event) override;
  void OnQueue(std::size_t waiting, std::size_t in_flight) override { next_.OnQueue(waiting, in_flight); }
  void OnSyncCompleted(Clock::TimePoint when) override;

 private:
  reconcile::ControllerObserver& next_;
  CoalescedPass pass_;  // on_error is called when the error differs from the last one
};

}  // namespace edgecert::dcv
