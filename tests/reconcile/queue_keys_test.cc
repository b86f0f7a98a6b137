// Queue keys order a pass: applies in kind order, then deletes in reverse kind order, for any number of
// objects (apply's old delete ranks were a counter formatted {:02d} and broke past 50 deletions).
#include "reconcile/queue_keys.h"

#include <gtest/gtest.h>

#include <vector>

#include "reconcile/work_queue.h"

namespace edgecert::reconcile {
namespace {

TEST(QueueKeysTest, HundredsOfDeletesStillRunAfterAppliesInReverseKindOrder) {
  using manifests::Kind;
  FakeClock clock;
  WorkQueue queue;
  const auto now = clock.Monotonic();
  // Packs (rank 1) and associations (rank 3): 150 deletions each, plus one apply of each kind.
  for (int i = 0; i < 150; ++i) {
    queue.Add(DeleteQueueKey({Kind::kCertificatePack, "p" + std::to_string(i)}), now);
    queue.Add(DeleteQueueKey({Kind::kHostnameAssociation, "h" + std::to_string(i)}), now);
  }
  queue.Add(ApplyQueueKey({Kind::kHostnameAssociation, "keep"}), now);
  queue.Add(ApplyQueueKey({Kind::kCertificatePack, "keep"}), now);
  queue.Add(kResyncQueueKey, now);

  std::vector<std::string> order;
  while (auto key = queue.Pop(now)) order.push_back(*key);
  ASSERT_EQ(order.size(), 303u);
  EXPECT_EQ(order[0], kResyncQueueKey);
  EXPECT_NE(order[1].find("|CertificatePack/keep"), std::string::npos);
  EXPECT_NE(order[2].find("|HostnameAssociation/keep"), std::string::npos);
  // Every association deletion (the dependents) before any pack deletion.
  for (std::size_t i = 3; i < 153; ++i) EXPECT_NE(order[i].find("delete HostnameAssociation/"), std::string::npos) << i;
  for (std::size_t i = 153; i < 303; ++i) EXPECT_NE(order[i].find("delete CertificatePack/"), std::string::npos) << i;
}

}  // namespace
}  // namespace edgecert::reconcile
