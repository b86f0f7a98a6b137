// Lifecycles computed lazily from timestamps on the emulator clock, so advancing time needs no
// background thread: certificate packs, custom hostname SSL and client certificate revocation.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "api/emulator/emulator_config.h"
#include "api/emulator/emulator_state.h"

namespace edgecert::emulator {

struct SslPhase {
  std::string status;                 // a certificate pack status
  std::optional<TimePoint> active_at;  // when it becomes (or became) active, unless it times out
  bool records_visible = false;       // validation records are shown while validation is pending
  bool issued = false;                // certificates exist (pending_deployment or active)
};

// initializing -> pending_validation -> pending_issuance -> pending_deployment -> active, or
// validation_timed_out after pending_validation when the attempt times out.
SslPhase ComputeSslPhase(TimePoint started_at, bool times_out, TimePoint now, const LifecycleConfig& life);
SslPhase PackPhase(const CertificatePack& pack, TimePoint now, const LifecycleConfig& life);
// The first time after `now` at which ComputeSslPhase's answer changes; nullopt once it never will
// (active, or validation_timed_out).
std::optional<TimePoint> NextSslPhaseChange(TimePoint started_at, bool times_out, TimePoint now,
                                            const LifecycleConfig& life);
std::optional<TimePoint> NextPackPhaseChange(const CertificatePack& pack, TimePoint now, const LifecycleConfig& life);
// A hostname with a custom certificate skips validation: pending_deployment then active.
SslPhase HostnameSslPhase(const CustomHostname& hostname, TimePoint now, const LifecycleConfig& life);

// active / pending_revocation -> revoked / pending_reactivation -> active.
std::string ClientCertificateStatus(const ClientCertificate& cert, TimePoint now, const LifecycleConfig& life);

}  // namespace edgecert::emulator
