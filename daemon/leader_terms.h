// LeaderTerms: `run`'s controller under leader election. Without an election (file state) one term runs
// from Start to Stop. With one, a thread campaigns and renews every retry period; when this instance
// becomes the leader it reloads the inventory (the previous leader wrote it) and starts a controller;
// when it stops leading (lost lease, etcd unreachable past the renew deadline) it stops that controller.
// API writes are gated on Leading() separately, so they stop at the renew deadline even before the
// controller is told. Stop() ends the term and resigns, so a follower takes over at once.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "daemon/leader_metrics.h"
#include "reconcile/controller.h"
#include "reconcile/state/etcd/etcd_election.h"
#include "reconcile/state/inventory.h"

namespace edgecert::daemon {

class LeaderTerms {
 public:
  using MakeController = std::function<std::unique_ptr<reconcile::Controller>()>;

  // `election` and `metrics` may be null (file state: always the leader).
  LeaderTerms(reconcile::EtcdElection* election, reconcile::Inventory& inventory, MakeController make,
              std::chrono::milliseconds retry, std::chrono::milliseconds drain, spdlog::logger& log,
              LeaderMetrics* metrics);
  ~LeaderTerms();

  void Start();
  // Keeps the desired state for every term; hands it to the running controller. False when unchanged.
  bool SetDesired(std::shared_ptr<const manifests::DesiredState> desired);
  // Ends the term (bounded by `drain`; false when reconciles were still running) and resigns.
  bool Stop();
  // Runs `fn` with the current term's controller, or null while this instance follows.
  // The desired snapshot in force (null before the first good load). Lock-free, so safe from controller
  // observers, which may run inside SetDesired.
  std::shared_ptr<const manifests::DesiredState> desired() const { return snapshot_.load(); }
  void With(const std::function<void(reconcile::Controller*)>& fn) const;
  // Why this instance cannot work now (etcd unreachable), else OK.
  Status EtcdHealth() const;
  // "leader", "follower" or "candidate", and the leading instance's name ("" when unknown).
  std::string Role() const;
  std::string Leader() const;

  LeaderTerms(const LeaderTerms&) = delete;
  LeaderTerms& operator=(const LeaderTerms&) = delete;

 private:
  void Loop();
  void BeginTerm();
  bool EndTerm();

  reconcile::EtcdElection* const election_;
  reconcile::Inventory& inventory_;
  const MakeController make_;
  const std::chrono::milliseconds retry_;
  const std::chrono::milliseconds drain_;
  spdlog::logger& log_;
  LeaderMetrics* const metrics_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                                  // guarded by mu_
  std::shared_ptr<const manifests::DesiredState> desired_;  // guarded by mu_
  std::atomic<std::shared_ptr<const manifests::DesiredState>> snapshot_;  // desired_, for desired()
  std::unique_ptr<reconcile::Controller> controller_;      // guarded by mu_; null while following
  std::string etcd_error_;                                  // guarded by mu_: the last round's error
  std::thread loop_;
};

}  // namespace edgecert::daemon
