// ReconcileContext: everything a reconcile of one object may touch, passed by reference so tests and
// the daemon wire their own (fake clock, temp state dir, emulator-backed client).
#pragma once

#include <chrono>

#include "api/client/cloudflare_client.h"
#include "common/clock.h"
#include "manifests/desired_state.h"
#include "reconcile/actual_state.h"
#include "reconcile/state/inventory.h"
#include "reconcile/object_status.h"
#include "reconcile/scope_directory.h"

namespace spdlog {
class logger;
}

namespace edgecert::reconcile {

struct ReconcileOptions {
  int max_validation_restarts = 5;                       // *_timed_out restarts before kFailed
  std::chrono::seconds pending_poll{30};                 // first re-check of pending async work
  std::chrono::seconds settled_poll{600};                // resync of converged objects
  std::chrono::seconds client_certificate_renew_check{3600};
};

struct ReconcileContext {
  const manifests::DesiredState& desired;
  api::CloudflareClient& client;  // writes go here; reads go through `actual`
  ActualState& actual;            // per-pass cache of list calls
  ScopeDirectory& scopes;         // zone/account name -> id
  Inventory& inventory;           // what edgecert owns, create intents
  ObjectStatusBoard& status;      // phase, remote status, validation records, last error per object
  Clock& clock;
  spdlog::logger& log;
  const ReconcileOptions& options;
};

}  // namespace edgecert::reconcile
