#include "api/emulator/lifecycle.h"

namespace edgecert::emulator {

SslPhase ComputeSslPhase(TimePoint started_at, bool times_out, TimePoint now, const LifecycleConfig& life) {
  SslPhase phase;
  const TimePoint validating = started_at + life.initializing;
  const TimePoint issuing = validating + life.validation;
  const TimePoint deploying = issuing + life.issuance;
  const TimePoint active = deploying + life.deployment;
  if (!times_out) phase.active_at = active;
  if (now < validating) {
    phase.status = "initializing";
    phase.records_visible = true;
  } else if (now < issuing) {
    phase.status = "pending_validation";
    phase.records_visible = true;
  } else if (times_out) {
    phase.status = "validation_timed_out";
    phase.records_visible = true;
  } else if (now < deploying) {
    phase.status = "pending_issuance";
  } else if (now < active) {
    phase.status = "pending_deployment";
    phase.issued = true;
  } else {
    phase.status = "active";
    phase.issued = true;
  }
  return phase;
}

std::optional<TimePoint> NextSslPhaseChange(TimePoint started_at, bool times_out, TimePoint now,
                                            const LifecycleConfig& life) {
  const TimePoint validating = started_at + life.initializing;
  const TimePoint issuing = validating + life.validation;
  const TimePoint deploying = issuing + life.issuance;
  const TimePoint active = deploying + life.deployment;
  // The same boundaries ComputeSslPhase compares `now` with; after `issuing` a timed-out attempt is final.
  for (TimePoint boundary : {validating, issuing}) {
    if (now < boundary) return boundary;
  }
  if (times_out) return std::nullopt;
  for (TimePoint boundary : {deploying, active}) {
    if (now < boundary) return boundary;
  }
  return std::nullopt;
}

std::optional<TimePoint> NextPackPhaseChange(const CertificatePack& pack, TimePoint now, const LifecycleConfig& life) {
  return NextSslPhaseChange(pack.validation_started_at, pack.times_out, now, life);
}

SslPhase PackPhase(const CertificatePack& pack, TimePoint now, const LifecycleConfig& life) {
  return ComputeSslPhase(pack.validation_started_at, pack.times_out, now, life);
}

SslPhase HostnameSslPhase(const CustomHostname& hostname, TimePoint now, const LifecycleConfig& life) {
  if (hostname.custom_certificate.empty()) {
    return ComputeSslPhase(hostname.ssl_started_at, hostname.times_out, now, life);
  }
  SslPhase phase;
  phase.issued = true;
  phase.active_at = hostname.ssl_started_at + life.deployment;
  phase.status = now < *phase.active_at ? "pending_deployment" : "active";
  return phase;
}

std::string ClientCertificateStatus(const ClientCertificate& cert, TimePoint now, const LifecycleConfig& life) {
  if (!cert.transition_started_at) return cert.target_status;
  if (cert.target_status == "revoked") {
    return now < *cert.transition_started_at + life.revocation ? "pending_revocation" : "revoked";
  }
  return now < *cert.transition_started_at + life.reactivation ? "pending_reactivation" : "active";
}

}  // namespace edgecert::emulator
