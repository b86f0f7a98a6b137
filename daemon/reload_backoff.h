// ReloadBackoff: whether a failed manifest load is retried without waiting for the next change, and
// when. A load that failed for a transient reason (out of descriptors or memory, an I/O error) is
// retried after 1 s, then 2 s, 4 s, ... up to 60 s; a good load or a load with only content errors
// (which only an edit fixes) ends the retries. Thread-safety: use from one thread.
#pragma once

#include <chrono>
#include <optional>

#include "manifests/manifest_loader.h"

namespace edgecert::daemon {

class ReloadBackoff {
 public:
  using Duration = std::chrono::milliseconds;
  explicit ReloadBackoff(Duration first = std::chrono::seconds(1), Duration max = std::chrono::seconds(60));

  // After a load: how long to wait before loading again on its own; nullopt when no retry is due.
  std::optional<Duration> After(const manifests::ManifestLoad& load);

  // EMFILE, ENFILE, EIO, ENOMEM, EAGAIN, EINTR, ENOBUFS: the OS may succeed on a later try.
  static bool IsTransient(const manifests::Diagnostic& diagnostic);

 private:
  const Duration first_;
  const Duration max_;
  Duration next_;
};

}  // namespace edgecert::daemon
