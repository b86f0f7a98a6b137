#include "daemon/reload_backoff.h"

#include <algorithm>
#include <cerrno>

namespace edgecert::daemon {

ReloadBackoff::ReloadBackoff(Duration first, Duration max) : first_(first), max_(max), next_(first) {}

bool ReloadBackoff::IsTransient(const manifests::Diagnostic& diagnostic) {
  switch (diagnostic.system_error) {
    case EMFILE:
    case ENFILE:
    case EIO:
    case ENOMEM:
    case EAGAIN:
    case EINTR:
    case ENOBUFS:
      return true;
    default:
      return false;
  }
}

std::optional<ReloadBackoff::Duration> ReloadBackoff::After(const manifests::ManifestLoad& load) {
  const bool transient = !load.ok() && std::any_of(load.errors.begin(), load.errors.end(), IsTransient);
  if (!transient) {
    next_ = first_;
    return std::nullopt;
  }
  const Duration wait = next_;
  next_ = std::min(next_ * 2, max_);
  return wait;
}

}  // namespace edgecert::daemon
