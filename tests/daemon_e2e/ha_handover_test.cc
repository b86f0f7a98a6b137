// SIGTERM on the leader hands leadership over at once: the leader resigns (revokes its lease, which
// deletes its election key), so a follower leads long before the lease could have expired. The lease
// here is 60 s and the renew deadline 40 s; the handover is awaited with a 20 s deadline, which only a
// resignation can meet (an expiry would take 60 s). Every wait polls /status with a deadline.
#include <gmock/gmock.h>
#include <signal.h>

#include "tests/daemon_e2e/ha_fixture.h"

namespace edgecert::testing {
namespace {

TEST_F(HaTest, SigtermOnTheLeaderHandsOverBeforeTheLeaseCouldExpire) {
  StartEtcd(1);
  StartBigEmulator();
  WriteManifests(ManifestsYaml(HaPacks(5)));
  election_flags_ = {"--lease-duration", "60s", "--renew-deadline", "40s", "--retry-period", "200ms"};
  for (int i = 0; i < 3; ++i) StartReplica(i);
  int leader = -1;
  ASSERT_TRUE(WaitFor("exactly one leader", [&] { return (leader = Leader()) >= 0; })) << Logs();
  ASSERT_TRUE(WaitFor("five packs", [&] { return Converged(5); })) << Logs();

  const int old = leader;
  replicas_[old].process->Signal(SIGTERM);
  // Far below the 60 s lease: only the old leader's resignation lets another lead this soon.
  ASSERT_TRUE(WaitFor(
      "another leader", [&] { return (leader = Leader({old})) >= 0 && leader != old; }, std::chrono::seconds(20)))
      << Logs();
  EXPECT_EQ(replicas_[old].process->WaitExit(std::chrono::seconds(20)), 0) << Logs();
  EXPECT_THAT(replicas_[old].process->Log(), ::testing::HasSubstr("resigned (lease revoked)"));

  // The new leader works: a change is applied once.
  WriteManifests(ManifestsYaml(HaPacks(8)));
  ASSERT_TRUE(WaitFor("eight packs", [&] { return Converged(8); })) << Logs();
  ExpectNoDuplicateNoneLost(8);
}

}  // namespace
}  // namespace edgecert::testing
