#include "reconcile/state/inventory.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>

#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory_json.h"
#include "tests/reconcile/state/memory_state_store.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using edgecert::testing::TempDir;

const std::chrono::system_clock::time_point kNow{std::chrono::seconds(1'767'225'600)};

OwnedObject Pack(const std::string& name, const std::string& id) {
  OwnedObject o;
  o.key = {manifests::Kind::kCertificatePack, name};
  o.remote_id = id;
  o.scope_id = "zone-1";
  o.spec_fingerprint = "sha256:abc";
  o.remote_status = "pending_validation";
  o.validation_records = {{"txt", "_acme-challenge.example.com", "token-1"},
                          {"http", "http://example.com/.well-known/pki-validation/x.txt", "body \"quoted\"\n"}};
  return o;
}

CreateIntent Intent(const std::string& name, std::vector<std::string> hosts) {
  return CreateIntent{{manifests::Kind::kCertificatePack, name},
                      "zone-1",
                      MatchKeyForHosts(std::move(hosts)),
                      kNow + std::chrono::milliseconds(1500)};
}

std::unique_ptr<Inventory> MustLoad(StateStore& store) {
  auto inventory = Inventory::Load(store);
  EXPECT_TRUE(inventory.ok()) << inventory.status().ToString();
  return inventory.ok() ? std::move(inventory).value() : nullptr;
}

struct FileFixture {
  TempDir tmp;
  std::unique_ptr<FileStateStore> store;
  FileFixture() {
    auto opened = FileStateStore::Open(tmp.path() / "state");
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    if (opened.ok()) store = std::move(opened).value();
  }
  fs::path file() const { return tmp.path() / "state" / "inventory.json"; }
  void Overwrite(const std::string& text) const { std::ofstream(file(), std::ios::trunc) << text; }
};

TEST(InventoryTest, NothingStoredIsAnEmptyInventory) {
  MemoryStateStore store;
  auto inventory = MustLoad(store);
  ASSERT_TRUE(inventory);
  EXPECT_TRUE(inventory->Objects().empty());
  EXPECT_TRUE(inventory->Intents().empty());
  EXPECT_EQ(store.writes(), 0);
}

TEST(InventoryTest, RoundTripThroughTheStateFile) {
  FileFixture f;
  ASSERT_TRUE(f.store);
  InventoryRecords expected;
  {
    auto inventory = MustLoad(*f.store);
    ASSERT_TRUE(inventory);
    OwnedObject pack = Pack("www", "pack-1");
    pack.superseded_remote_ids = {"pack-0"};
    OwnedObject mtls{
        {manifests::Kind::kMtlsCertificate, "origin-ca"}, "mtls-9", "acct-1", "sha256:def", "active", {}, {}};
    ASSERT_TRUE(inventory->Put(pack).ok());
    ASSERT_TRUE(inventory->Put(mtls).ok());
    ASSERT_TRUE(inventory->RecordIntent(Intent("api", {"api.example.com", "example.com"})).ok());
    expected = inventory->Snapshot();
  }
  auto reloaded = MustLoad(*f.store);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->Snapshot(), expected);
  auto pack = reloaded->Find({manifests::Kind::kCertificatePack, "www"});
  ASSERT_TRUE(pack.has_value());
  EXPECT_EQ(pack->validation_records.size(), 2u);
  EXPECT_EQ(pack->validation_records[1].value, "body \"quoted\"\n");
  EXPECT_EQ(pack->superseded_remote_ids, std::vector<std::string>{"pack-0"});
}

TEST(InventoryTest, StateFileIsMode0600) {
  FileFixture f;
  ASSERT_TRUE(f.store);
  auto inventory = MustLoad(*f.store);
  ASSERT_TRUE(inventory && inventory->Put(Pack("www", "pack-1")).ok());
  struct stat st {};
  ASSERT_EQ(::stat((f.file().string() + ".journal").c_str(), &st), 0);  // a change is a journal line
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  ASSERT_TRUE(f.store->Write(SerializeInventory(inventory->Snapshot())).ok());  // a snapshot
  ASSERT_EQ(::stat(f.file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
}

TEST(InventoryTest, IntentsSurviveReloadUntilCompleted) {
  FileFixture f;
  ASSERT_TRUE(f.store);
  {
    auto inventory = MustLoad(*f.store);
    ASSERT_TRUE(inventory);
    ASSERT_TRUE(inventory->RecordIntent(Intent("www", {"WWW.example.com", "example.com", "www.example.com"})).ok());
    // The process dies here, after recording the intent and perhaps after sending the create.
  }
  auto restarted = MustLoad(*f.store);
  ASSERT_TRUE(restarted);
  auto intents = restarted->Intents();
  ASSERT_EQ(intents.size(), 1u);
  EXPECT_EQ(intents[0].key.name, "www");
  EXPECT_EQ(intents[0].match_key, "example.com,www.example.com");
  EXPECT_EQ(intents[0].created_at, kNow + std::chrono::seconds(1)) << "kept to whole seconds";
  EXPECT_FALSE(restarted->Find({manifests::Kind::kCertificatePack, "www"}).has_value());

  // The reconciler listed the zone, found the pack matching the intent, and adopts it.
  ASSERT_TRUE(restarted->CompleteCreate(Pack("www", "pack-7")).ok());
  auto after = MustLoad(*f.store);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->Intents().empty());
  auto adopted = after->Find({manifests::Kind::kCertificatePack, "www"});
  ASSERT_TRUE(adopted.has_value());
  EXPECT_EQ(adopted->remote_id, "pack-7");
}

TEST(InventoryTest, FailedWriteChangesNothingInMemory) {
  MemoryStateStore store;
  auto inventory = MustLoad(store);
  ASSERT_TRUE(inventory && inventory->Put(Pack("www", "pack-1")).ok());
  store.set_fail_writes(true);
  Status status = inventory->Put(Pack("www", "pack-2"));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("memory:test"));
  EXPECT_FALSE(inventory->RecordIntent(Intent("api", {"api.example.com"})).ok());
  EXPECT_EQ(inventory->Find({manifests::Kind::kCertificatePack, "www"})->remote_id, "pack-1");
  EXPECT_TRUE(inventory->Intents().empty());
}

TEST(InventoryTest, UnchangedRecordsAreNotRewritten) {
  MemoryStateStore store;
  auto inventory = MustLoad(store);
  ASSERT_TRUE(inventory);
  ASSERT_TRUE(inventory->Put(Pack("www", "pack-1")).ok());
  ASSERT_TRUE(inventory->Put(Pack("www", "pack-1")).ok());
  ASSERT_TRUE(inventory->Remove({manifests::Kind::kCertificatePack, "absent"}).ok());
  ASSERT_TRUE(inventory->ClearIntent({manifests::Kind::kCertificatePack, "absent"}).ok());
  EXPECT_EQ(store.writes(), 1);
}

TEST(InventoryTest, UpdateIsAllOrNothing) {
  MemoryStateStore store;
  auto inventory = MustLoad(store);
  ASSERT_TRUE(inventory);
  Status status = inventory->Update([](InventoryRecords& records) {
    records.objects[{manifests::Kind::kCertificatePack, "x"}] = Pack("x", "pack-x");
    return FailedPrecondition("changed my mind");
  });
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(inventory->Objects().empty());
  EXPECT_EQ(store.writes(), 0);
}

TEST(InventoryTest, RefusesIncompleteRecords) {
  MemoryStateStore store;
  auto inventory = MustLoad(store);
  ASSERT_TRUE(inventory);
  EXPECT_EQ(inventory->Put(Pack("www", "")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(inventory->Put(Pack("", "pack-1")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(inventory->RecordIntent(Intent("", {"a"})).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(inventory->CompleteCreate(Pack("www", "")).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.writes(), 0);
}

TEST(InventoryTest, FindByRemoteIdSeesSupersededIds) {
  MemoryStateStore store;
  auto inventory = MustLoad(store);
  ASSERT_TRUE(inventory);
  OwnedObject pack = Pack("www", "pack-new");
  pack.superseded_remote_ids = {"pack-old"};
  ASSERT_TRUE(inventory->Put(pack).ok());
  EXPECT_EQ(inventory->FindByRemoteId(manifests::Kind::kCertificatePack, "pack-new")->key.name, "www");
  EXPECT_EQ(inventory->FindByRemoteId(manifests::Kind::kCertificatePack, "pack-old")->key.name, "www");
  EXPECT_FALSE(inventory->FindByRemoteId(manifests::Kind::kMtlsCertificate, "pack-new").has_value());
  EXPECT_FALSE(inventory->FindByRemoteId(manifests::Kind::kCertificatePack, "pack-other").has_value());
}

TEST(InventoryTest, CorruptFileIsAnErrorNamingThePath) {
  FileFixture f;
  ASSERT_TRUE(f.store);
  {
    auto inventory = MustLoad(*f.store);
    ASSERT_TRUE(inventory && inventory->Put(Pack("www", "pack-1")).ok());
  }
  std::string good;
  {
    std::ifstream in(f.file());
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (const std::string& bad : {good.substr(0, good.size() / 2), std::string("{garbage"), std::string(""),
                                 std::string("[]"), std::string("\x00\x01\x02", 3)}) {
    f.Overwrite(bad);
    auto inventory = Inventory::Load(*f.store);
    ASSERT_FALSE(inventory.ok()) << "accepted: " << bad;
    EXPECT_EQ(inventory.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_THAT(inventory.status().message(), HasSubstr(f.file().string()));
  }
}

TEST(InventoryTest, FutureVersionIsRefused) {
  FileFixture f;
  ASSERT_TRUE(f.store);
  f.Overwrite(R"({"version": 2, "objects": [], "intents": [], "leases": {}})");
  auto inventory = Inventory::Load(*f.store);
  ASSERT_FALSE(inventory.ok());
  EXPECT_EQ(inventory.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(inventory.status().message(), HasSubstr("version 2"));
  EXPECT_THAT(inventory.status().message(), HasSubstr("newer edgecert"));
  EXPECT_THAT(inventory.status().message(), HasSubstr(f.file().string()));
}

TEST(InventoryTest, ConcurrentWorkersLoseNoChange) {
  FileFixture f;
  ASSERT_TRUE(f.store);
  auto inventory = MustLoad(*f.store);
  ASSERT_TRUE(inventory);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&inventory, w] {
      for (int i = 0; i < 25; ++i) {
        std::string name = "w" + std::to_string(w) + "-" + std::to_string(i);
        EXPECT_TRUE(inventory->RecordIntent(Intent(name, {name + ".example.com"})).ok());
        EXPECT_TRUE(inventory->CompleteCreate(Pack(name, "id-" + name)).ok());
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(inventory->Objects().size(), 100u);
  EXPECT_TRUE(inventory->Intents().empty());
  auto reloaded = MustLoad(*f.store);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->Snapshot(), inventory->Snapshot());
}

TEST(MatchKeyTest, HostSetsCompareAsSets) {
  EXPECT_EQ(MatchKeyForHosts({"www.Example.com", "example.com", "www.example.com"}), "example.com,www.example.com");
  EXPECT_EQ(MatchKeyForHosts({"b", "a"}), MatchKeyForHosts({"a", "b"}));
  EXPECT_EQ(MatchKeyForHosts({}), "");
}

}  // namespace
}  // namespace edgecert::reconcile
