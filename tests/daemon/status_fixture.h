// A StatusReport with one object in each interesting state, shared by the status tests.
#pragma once

#include "daemon/status_report.h"

namespace edgecert::daemon::testing {

inline Clock::TimePoint At(long long unix_seconds) { return Clock::TimePoint(std::chrono::seconds(unix_seconds)); }

inline StatusReport SampleReport() {
  StatusReport report;
  report.daemon.version = "0.1.0";
  report.daemon.desired_hash = "sha256:7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730";
  report.daemon.desired_loaded_at = At(1'767'225'600);  // 2026-01-01T00:00:00Z
  report.daemon.last_sync = At(1'767'225'660);
  report.daemon.ready = true;

  reconcile::ObjectStatus pending;
  pending.key = {manifests::Kind::kCertificatePack, "www-example-com"};
  pending.zone = "example.com";
  pending.phase = reconcile::Phase::kProgressing;
  pending.remote_id = "3f2a9c0e-7b1d-4e5f-8a6b-2c1d0e9f8a7b";
  pending.remote_status = "pending_validation";
  pending.validation_records = {{"txt", "_acme-challenge.www.example.com", "ca3-\"quoted\"-token"}};
  pending.next_action = At(1'767'225'700);

  reconcile::ObjectStatus ready;
  ready.key = {manifests::Kind::kCertificatePack, "api-example-com"};
  ready.zone = "example.com";
  ready.phase = reconcile::Phase::kReady;
  ready.remote_id = "9b1c";
  ready.remote_status = "active";
  ready.expires_on = At(1'775'001'600);  // 2026-04-01
  ready.validation_records = {{"txt", "_acme-challenge.api.example.com", "done-already"}};

  reconcile::ObjectStatus failed;
  failed.key = {manifests::Kind::kMtlsCertificate, "partner-ca"};
  failed.zone = "Emulator Account";
  failed.phase = reconcile::Phase::kFailed;
  failed.last_error = "the API refused the certificate: \"not a CA\"\nsecond line";
  failed.validation_restarts = 2;

  report.objects = {ready, pending, failed};
  return report;
}

}  // namespace edgecert::daemon::testing
