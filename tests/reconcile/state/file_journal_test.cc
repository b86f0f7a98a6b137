// The file store's journal: a commit appends one line instead of rewriting the inventory; a torn last
// line (a crash mid-append) is dropped; a bad line in the middle is an error naming file:line; a
// snapshot replaces the journal once it holds half as many lines as the state has records (at least 1000),
// and replaying lines over a snapshot that already holds them changes nothing.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory.h"
#include "reconcile/state/inventory_json.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

OwnedObject Pack(int i, const std::string& status = "active") {
  OwnedObject o;
  o.key = {manifests::Kind::kCertificatePack, "p" + std::to_string(i)};
  o.remote_id = "pack-" + std::to_string(i);
  o.scope_id = "zone-1";
  o.remote_status = status;
  return o;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::size_t Lines(const fs::path& path) {
  const std::string text = Slurp(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

class FileJournalTest : public ::testing::Test {
 protected:
  fs::path dir() const { return tmp_.path() / "state"; }
  fs::path snapshot() const { return dir() / "inventory.json"; }
  fs::path journal() const { return dir() / "inventory.json.journal"; }

  std::unique_ptr<FileStateStore> Open() {
    auto store = FileStateStore::Open(dir());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }
  InventoryRecords Reload() {
    auto store = FileStateStore::OpenReadOnly(dir());
    EXPECT_TRUE(store.ok());
    auto records = (*store)->LoadRecords();
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    return records.ok() ? *records : InventoryRecords{};
  }

  edgecert::testing::TempDir tmp_;
};

TEST_F(FileJournalTest, ACommitAppendsOneLineAndAReloadSeesIt) {
  auto store = Open();
  auto inventory = Inventory::Load(*store);
  ASSERT_TRUE(inventory.ok());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*inventory)->Put(Pack(i, "pending_validation")).ok());
  ASSERT_TRUE((*inventory)->Put(Pack(2)).ok());
  ASSERT_TRUE((*inventory)->Remove(Pack(4).key).ok());
  ASSERT_TRUE((*inventory)->RecordDeletion(std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000)),
                                           std::chrono::hours(1))
                  .ok());
  EXPECT_FALSE(fs::exists(snapshot()));  // nothing rewrote the whole inventory
  EXPECT_EQ(Lines(journal()), 8u);
  EXPECT_EQ(Reload(), (*inventory)->Snapshot());
  // Read() is the whole state as one document, for `state migrate`.
  auto document = store->Read();
  ASSERT_TRUE(document.ok() && document->has_value());
  auto parsed = ParseInventory(**document);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, (*inventory)->Snapshot());
}

TEST_F(FileJournalTest, ATornLastLineIsDroppedAndCutBeforeTheNextAppend) {
  {
    auto store = Open();
    auto inventory = Inventory::Load(*store);
    ASSERT_TRUE(inventory.ok());
    ASSERT_TRUE((*inventory)->Put(Pack(1)).ok());
  }
  std::ofstream(journal(), std::ios::app | std::ios::binary) << "{\"put_objects\":[{\"kind\":";  // crash mid-append
  auto store = Open();
  auto inventory = Inventory::Load(*store);
  ASSERT_TRUE(inventory.ok()) << inventory.status().ToString();
  EXPECT_EQ((*inventory)->Objects().size(), 1u);
  ASSERT_TRUE((*inventory)->Put(Pack(2)).ok());
  EXPECT_EQ(Lines(journal()), 2u);
  EXPECT_EQ(Slurp(journal()).find("{\"put_objects\":[{\"kind\":{"), std::string::npos);
  EXPECT_EQ(Reload().objects.size(), 2u);
}

TEST_F(FileJournalTest, ABadLineInTheMiddleIsAnErrorNamingFileAndLine) {
  {
    auto store = Open();
    auto inventory = Inventory::Load(*store);
    ASSERT_TRUE(inventory.ok());
    ASSERT_TRUE((*inventory)->Put(Pack(1)).ok());
  }
  std::ofstream(journal(), std::ios::app | std::ios::binary) << "not json\n{\"put_objects\":[]}\n";
  auto store = Open();
  auto inventory = Inventory::Load(*store);
  ASSERT_FALSE(inventory.ok());
  EXPECT_EQ(inventory.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(inventory.status().message(), HasSubstr(journal().string() + ":2"));
}

TEST_F(FileJournalTest, ASnapshotReplacesTheJournalAndReplayingItAgainChangesNothing) {
  auto store = Open();
  auto inventory = Inventory::Load(*store);
  ASSERT_TRUE(inventory.ok());
  // 1000 lines: one pack each, then the 1001st change writes a snapshot of everything.
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE((*inventory)->Put(Pack(i)).ok());
  EXPECT_FALSE(fs::exists(snapshot()));
  const std::string journal_before = Slurp(journal());
  ASSERT_TRUE((*inventory)->Put(Pack(1000)).ok());
  ASSERT_TRUE(fs::exists(snapshot()));
  EXPECT_EQ(fs::file_size(journal()), 0u);
  EXPECT_EQ(Reload(), (*inventory)->Snapshot());
  ASSERT_TRUE((*inventory)->Put(Pack(7, "expired")).ok());  // appends again
  EXPECT_EQ(Lines(journal()), 1u);

  // A crash after the snapshot was renamed into place but before the journal was emptied: the old
  // lines are replayed over a snapshot that already holds them, and the state is the same.
  const InventoryRecords now = (*inventory)->Snapshot();
  const std::string last_line = Slurp(journal());
  std::ofstream(journal(), std::ios::trunc | std::ios::binary) << journal_before << last_line;
  EXPECT_EQ(Reload(), now);
}

}  // namespace
}  // namespace edgecert::reconcile
