// The etcd state store against a real etcd: one key per record, a consistent reload, elections with
// the oldest candidate leading, writes fenced on the election key (a stale leader is refused by etcd
// itself), and a lease that runs out.
#include "reconcile/state/etcd/etcd_state_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "reconcile/state/etcd/etcd_election.h"
#include "reconcile/state/etcd/etcd_kv.h"
#include "reconcile/state/inventory.h"
#include "tests/daemon_e2e/etcd_cluster.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

using ::testing::HasSubstr;

class EtcdStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (edgecert::testing::EtcdCluster::Binary().empty()) GTEST_SKIP() << "etcd is not installed (scripts/deps.sh)";
    etcd_ = std::make_unique<edgecert::testing::EtcdCluster>(tmp_.path());
    ASSERT_TRUE(etcd_->ready()) << etcd_->Logs();
    auto connection = ParseEtcdUrl("etcd://" + etcd_->Endpoints() + "/edgecert/test");
    ASSERT_TRUE(connection.ok());
    auto client = EtcdClient::Create(*connection);
    ASSERT_TRUE(client.ok()) << client.status().ToString();
    client_ = std::move(client).value();
  }

  std::unique_ptr<EtcdElection> Candidate(const std::string& name,
                                          std::chrono::seconds ttl = std::chrono::seconds(15)) {
    ElectionOptions options;
    options.instance = name;
    options.lease_ttl = ttl;
    options.renew_deadline = ttl * 2 / 3;
    options.now = [this] { return std::chrono::steady_clock::now() + skew_.load(); };
    return std::make_unique<EtcdElection>(*client_, "/edgecert/test", options);
  }

  std::size_t KeysUnder(const std::string& prefix) {
    auto range = etcd::Range(*client_, etcd::PrefixRange(prefix));
    EXPECT_TRUE(range.ok()) << range.status().ToString();
    return range.ok() ? range->kvs.size() : 0;
  }

  static OwnedObject Pack(const std::string& name, const std::string& id) {
    OwnedObject o;
    o.key = {manifests::Kind::kCertificatePack, name};
    o.remote_id = id;
    o.scope_id = "zone-1";
    return o;
  }

  edgecert::testing::TempDir tmp_;
  std::unique_ptr<edgecert::testing::EtcdCluster> etcd_;
  std::unique_ptr<EtcdClient> client_;
  std::atomic<std::chrono::nanoseconds> skew_{std::chrono::nanoseconds(0)};
};

TEST_F(EtcdStoreTest, OneKeyPerRecordAndAReloadSeesEveryChange) {
  auto leader = Candidate("a");
  auto view = leader->Step();
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_TRUE(view->leading);
  EXPECT_EQ(view->leader, "a");
  EtcdStateStore store(*client_, leader.get());
  auto inventory = Inventory::Load(store);
  ASSERT_TRUE(inventory.ok()) << inventory.status().ToString();
  Inventory& inv = **inventory;

  CreateIntent intent{{manifests::Kind::kCertificatePack, "www"},
                      "zone-1",
                      "example.com,www.example.com",
                      std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000))};
  ASSERT_TRUE(inv.RecordIntent(intent).ok());
  EXPECT_EQ(KeysUnder("/edgecert/test/intents/"), 1u);
  ASSERT_TRUE(inv.CompleteCreate(Pack("www", "pack-1")).ok());
  ASSERT_TRUE(inv.Put(Pack("api", "pack-2")).ok());
  EXPECT_EQ(KeysUnder("/edgecert/test/intents/"), 0u);
  EXPECT_EQ(KeysUnder("/edgecert/test/objects/"), 2u);
  ASSERT_TRUE(inv.Remove({manifests::Kind::kCertificatePack, "api"}).ok());
  // The prune guard's window survives a change of leader: it is in etcd, not in one replica's memory.
  const auto deleted_at = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'100));
  ASSERT_TRUE(inv.RecordDeletion(deleted_at, std::chrono::hours(1)).ok());
  EXPECT_EQ(KeysUnder("/edgecert/test/deletions"), 1u);

  EtcdStateStore reader(*client_, nullptr);
  auto reloaded = Inventory::Load(reader);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().ToString();
  EXPECT_EQ((*reloaded)->Snapshot(), inv.Snapshot());
  ASSERT_EQ((*reloaded)->Objects().size(), 1u);
  EXPECT_EQ((*reloaded)->Objects()[0].remote_id, "pack-1");
  EXPECT_EQ((*reloaded)->DeletionsSince(deleted_at - std::chrono::seconds(1)), 1u);
  EXPECT_THAT((*reloaded)->Put(Pack("x", "y")).message(), HasSubstr("read-only"));
}

TEST_F(EtcdStoreTest, TheOldestCandidateLeadsAndAFollowerCannotWrite) {
  auto a = Candidate("a");
  auto b = Candidate("b");
  ASSERT_TRUE(a->Step().ok());
  auto b_view = b->Step();
  ASSERT_TRUE(b_view.ok());
  EXPECT_FALSE(b_view->leading);
  EXPECT_EQ(b_view->leader, "a");
  EtcdStateStore b_store(*client_, b.get());
  Status refused = b_store.CommitRecords({}, InventoryRecords{{{Pack("www", "1").key, Pack("www", "1")}}, {}, {}});
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("does not lead"));
  EXPECT_EQ(KeysUnder("/edgecert/test/objects/"), 0u);

  ASSERT_TRUE(a->Resign().ok());  // the lease goes, and the key with it: b leads at once
  b_view = b->Step();
  ASSERT_TRUE(b_view.ok());
  EXPECT_TRUE(b_view->leading);
  EXPECT_EQ(b_view->leader, "b");
  EXPECT_TRUE(b_store.CommitRecords({}, InventoryRecords{{{Pack("www", "1").key, Pack("www", "1")}}, {}, {}}).ok());
}

TEST_F(EtcdStoreTest, AStaleLeaderIsRefusedByEtcdItself) {
  auto a = Candidate("a");
  ASSERT_TRUE(a->Step().ok());
  ASSERT_TRUE(a->Leading());
  // Someone deletes a's election key (as etcd does when a's lease expires); a has not noticed yet.
  auto keys = etcd::Range(*client_, etcd::PrefixRange("/edgecert/test/leader/"));
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->kvs.size(), 1u);
  auto deleted = etcd::Txn(*client_, {}, {{etcd::Op::Kind::kDelete, keys->kvs[0].key, "", 0}});
  ASSERT_TRUE(deleted.ok());
  EXPECT_TRUE(a->Leading()) << "a must not know yet, or the test proves nothing";

  EtcdStateStore store(*client_, a.get());
  Status refused = store.CommitRecords({}, InventoryRecords{{{Pack("www", "1").key, Pack("www", "1")}}, {}, {}});
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("no longer leads"));
  EXPECT_EQ(KeysUnder("/edgecert/test/objects/"), 0u);
}

TEST_F(EtcdStoreTest, PastTheRenewDeadlineTheLeaderStopsWritingAndAnExpiredLeaseCampaignsAgain) {
  auto a = Candidate("a", std::chrono::seconds(3));
  ASSERT_TRUE(a->Step().ok());
  ASSERT_TRUE(a->Leading());
  EtcdStateStore store(*client_, a.get());

  skew_ = std::chrono::seconds(2);  // past the renew deadline (2 s of a 3 s lease) without a renewal
  EXPECT_FALSE(a->Leading());
  Status refused = store.CommitRecords({}, InventoryRecords{{{Pack("www", "1").key, Pack("www", "1")}}, {}, {}});
  EXPECT_THAT(refused.message(), HasSubstr("could not renew its leadership within the renew deadline"));
  skew_ = std::chrono::seconds(0);

  // Nobody renews: etcd expires the lease and deletes the key. Poll for that, with a deadline.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (KeysUnder("/edgecert/test/leader/") != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // poll interval, bounded by the deadline
  }
  ASSERT_EQ(KeysUnder("/edgecert/test/leader/"), 0u) << "the lease never expired";
  // The next round learns the lease is gone and campaigns with a new one; being alone, it leads again.
  auto view = a->Step();
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  EXPECT_TRUE(view->leading);
  EXPECT_TRUE(store.CommitRecords({}, InventoryRecords{{{Pack("www", "1").key, Pack("www", "1")}}, {}, {}}).ok());
}

TEST_F(EtcdStoreTest, AnErrorAnswerLeavesTheNextCallsWorking) {
  // etcd's gateway ends error answers with HTTP trailers; the connection they came on must not hand the
  // next call a trailer for its status line. 200 operations in one transaction is a 400 answer. (The
  // trailer only poisons the connection when it arrives in a packet of its own, as after a failed
  // login: EtcdSecureTest's wrong password shows that case every time.)
  std::vector<etcd::Op> too_many;
  for (int i = 0; i < 200; ++i)
    too_many.push_back({etcd::Op::Kind::kPut, "/edgecert/test/k" + std::to_string(i), "v", 0});
  for (int i = 0; i < 3; ++i) {
    auto refused = etcd::Txn(*client_, {}, too_many);
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.status().message(), HasSubstr("too many operations"));
    auto range = etcd::Range(*client_, etcd::PrefixRange("/edgecert/test/"));
    EXPECT_TRUE(range.ok()) << range.status().ToString();
  }
}

TEST_F(EtcdStoreTest, BigCommitsAreSplitAndMalformedRecordsAreAnError) {
  auto a = Candidate("a");
  ASSERT_TRUE(a->Step().ok());
  EtcdStateStore store(*client_, a.get());
  InventoryRecords many;
  for (int i = 0; i < 250; ++i) {
    OwnedObject o = Pack("p" + std::to_string(i), "id-" + std::to_string(i));
    many.objects[o.key] = o;
  }
  ASSERT_TRUE(store.CommitRecords({}, many).ok());
  auto loaded = store.LoadRecords();
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(*loaded, many);

  ASSERT_TRUE(
      etcd::Txn(*client_, {}, {{etcd::Op::Kind::kPut, "/edgecert/test/objects/CertificatePack/bad", "{", 0}}).ok());
  auto broken = store.LoadRecords();
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.status().message(), HasSubstr("etcd key /edgecert/test/objects/CertificatePack/bad"));
  EXPECT_THAT(broken.status().message(), HasSubstr("restore it from a backup"));
}

TEST_F(EtcdStoreTest, ARecordOfAnUnknownKindIsAnErrorNamingItsKey) {
  auto a = Candidate("a");
  ASSERT_TRUE(a->Step().ok());
  EtcdStateStore store(*client_, a.get());
  ASSERT_TRUE(etcd::Txn(*client_, {},
                        {{etcd::Op::Kind::kPut, "/edgecert/test/objects/CertificateBundle/x",
                          R"({"kind":"CertificateBundle","name":"x","remote_id":"1"})", 0}})
                  .ok());
  auto loaded = store.LoadRecords();
  ASSERT_FALSE(loaded.ok());
  EXPECT_THAT(loaded.status().message(), HasSubstr("etcd key /edgecert/test/objects/CertificateBundle/x"));
  EXPECT_THAT(loaded.status().message(), HasSubstr("unknown kind \"CertificateBundle\""));
}

// Counts range calls; on the first one, runs `during` (a write between two pages).
class RangeCounter : public EtcdObserver {
 public:
  void OnEtcdCall(const std::string& path, std::chrono::nanoseconds, bool) override {
    if (path != "/v3/kv/range") return;
    if (++ranges == 1 && during) during();
  }
  int ranges = 0;
  std::function<void()> during;
};

TEST_F(EtcdStoreTest, ReadsComeInPagesOfOneSnapshot) {
  auto a = Candidate("a");
  ASSERT_TRUE(a->Step().ok());
  EtcdStateStore writer(*client_, a.get());
  InventoryRecords records;
  for (int i = 0; i < 40; ++i) {
    OwnedObject o = Pack("p" + std::to_string(i), "id-" + std::to_string(i));
    records.objects[o.key] = o;
  }
  for (int i = 0; i < 10; ++i) {
    CreateIntent intent{{manifests::Kind::kCertificatePack, "q" + std::to_string(i)},
                        "zone-1",
                        "h" + std::to_string(i),
                        std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000))};
    records.intents[intent.key] = intent;
  }
  ASSERT_TRUE(writer.CommitRecords({}, records).ok());

  RangeCounter counter;
  auto connection = client_->connection();
  auto paged_client = EtcdClient::Create(connection, &counter);
  ASSERT_TRUE(paged_client.ok());
  EtcdStateStore reader(**paged_client, nullptr, 7);
  // A record written after the first page was read belongs to a later snapshot: the load must not see it.
  counter.during = [&] {
    OwnedObject late = Pack("p99", "id-99");
    ASSERT_TRUE(writer
                    .CommitRecords(records,
                                   [&] {
                                     InventoryRecords more = records;
                                     more.objects[late.key] = late;
                                     return more;
                                   }())
                    .ok());
  };
  auto loaded = reader.LoadRecords();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(*loaded, records);
  EXPECT_EQ(counter.ranges, 6 + 2 + 1) << "40 objects in pages of 7 (6 pages), 10 intents (2 pages)";

  counter.during = nullptr;
  auto newest = reader.LoadRecords();
  ASSERT_TRUE(newest.ok());
  EXPECT_EQ(newest->objects.size(), 41u);
}

}  // namespace
}  // namespace edgecert::reconcile
