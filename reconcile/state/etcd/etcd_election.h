// EtcdElection: leader election on etcd, after the recipe of etcd's client/v3/concurrency Election.
// Each candidate puts PREFIX/leader/<lease id> (value: its instance name) attached to its own lease; the
// key with the lowest create_revision leads. Leading() holds only until `renew_deadline` after the last
// renewal etcd confirmed, which is shorter than the lease TTL, so a leader that cannot renew stops
// writing before another can be elected. Fence() is the comparison every state write carries: the
// write fails in etcd once this key is gone. Thread-safety: all methods may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "common/status.h"
#include "reconcile/state/etcd/etcd_client.h"
#include "reconcile/state/etcd/etcd_kv.h"

namespace edgecert::reconcile {

struct ElectionOptions {
  std::string instance;  // shown as the leader: "edgecert run (instance host-42)"
  std::chrono::seconds lease_ttl{15};
  std::chrono::nanoseconds renew_deadline{std::chrono::seconds(10)};
  // Monotonic time, injectable for tests.
  std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
};

struct LeaderView {
  bool leading = false;
  std::string leader;  // the leading instance's name; empty when nobody campaigns
};

class EtcdElection {
 public:
  EtcdElection(EtcdClient& client, std::string prefix, ElectionOptions options);

  // One round: campaigns when this instance has no live key (a new lease), else renews its lease; then
  // reads who leads. An error (etcd unreachable) changes nothing: Leading() runs out on its own.
  Result<LeaderView> Step();
  // True while this instance leads and its last confirmed renewal is younger than the renew deadline.
  bool Leading() const;
  // The last view Step read (who leads), and the last error, for /status and /readyz.
  LeaderView LastView() const;
  // The comparison a state write must carry, or FailedPrecondition when this instance does not lead.
  Result<etcd::Compare> Fence() const;
  // Gives leadership up at once: revokes the lease, which deletes the key. Best effort.
  Status Resign();
  const std::string& instance() const { return options_.instance; }

 private:
  Status Campaign(std::chrono::steady_clock::time_point sent);

  EtcdClient& client_;
  const std::string prefix_;  // PREFIX/leader/
  const ElectionOptions options_;
  mutable std::mutex mu_;
  std::int64_t lease_ = 0;         // guarded by mu_; 0: no campaign
  std::string key_;                // guarded by mu_
  std::int64_t revision_ = 0;      // guarded by mu_: create_revision of key_
  bool leading_ = false;           // guarded by mu_
  std::chrono::steady_clock::time_point renewed_at_{};  // guarded by mu_: when the confirmed renewal was sent
  LeaderView view_;                // guarded by mu_
};

}  // namespace edgecert::reconcile
