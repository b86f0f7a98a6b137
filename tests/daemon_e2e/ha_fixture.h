// HaTest: `edgecert run` replicas on one etcd state (EtcdCluster) against one emulator, for the HA
// process tests: start replicas, read each one's role from /status, find the one leader, check that
// every pack was ordered once. Short leases by default (3 s) keep tests quick; a test may set
// `election_flags_` before starting replicas. Every wait polls an observable with a deadline.
// Thread-safety: one test thread.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "tests/daemon_e2e/e2e_fixture.h"
#include "tests/daemon_e2e/etcd_cluster.h"

namespace edgecert::testing {

// `count` packs p<first>..: each holds example.com and its own host.
std::vector<Pack> HaPacks(int count, int first = 0);

struct Replica {
  std::string instance;
  std::string ops_url;
  std::unique_ptr<LoggedProcess> process;
};

class HaTest : public DaemonE2eTest {
 protected:
  // Skips the test when etcd is not installed.
  void StartEtcd(int members);
  // The emulator with room for hundreds of packs in example.com and no rate limit, on a fast clock.
  void StartBigEmulator();
  std::string StateStore() const { return "etcd://" + etcd_->Endpoints() + "/edgecert/ha"; }
  // Starts replica `i` ("r<i>") with `election_flags_`.
  void StartReplica(int i);

  // The role a replica reports on /status ("" when it does not answer).
  std::string Role(int i);
  // The one replica that says it leads while every other live one follows, or -1.
  int Leader(const std::set<int>& down = {});
  // Every pack live once, `packs` in all.
  bool Converged(std::size_t packs);
  void ExpectNoDuplicateNoneLost(std::size_t packs);
  std::string Logs();

  void TearDown() override;

  std::unique_ptr<EtcdCluster> etcd_;
  std::vector<Replica> replicas_;
  std::vector<std::string> election_flags_{"--lease-duration", "3s",   "--renew-deadline", "2s",
                                           "--retry-period",   "500ms"};
  int starts_ = 0;
};

}  // namespace edgecert::testing
