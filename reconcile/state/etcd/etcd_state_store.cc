#include "reconcile/state/etcd/etcd_state_store.h"

#include "reconcile/state/inventory_json.h"
#include "reconcile/state/records_change.h"

namespace edgecert::reconcile {

EtcdStateStore::EtcdStateStore(EtcdClient& client, EtcdElection* election, std::int64_t page_size)
    : client_(client), election_(election), prefix_(client.connection().prefix), page_size_(page_size) {}

std::string EtcdStateStore::ObjectKeyOf(const ObjectKey& key) const { return prefix_ + "/objects/" + key.ToString(); }

std::string EtcdStateStore::IntentKeyOf(const ObjectKey& key) const { return prefix_ + "/intents/" + key.ToString(); }

std::string EtcdStateStore::DeletionsKey() const { return prefix_ + "/deletions"; }

Result<std::vector<etcd::KeyValue>> EtcdStateStore::ReadAll(const std::string& prefix, std::int64_t& revision) {
  std::vector<etcd::KeyValue> all;
  etcd::RangeRequest page = etcd::PrefixRange(prefix);
  page.limit = page_size_;
  page.revision = revision;
  while (true) {
    auto range = etcd::Range(client_, page);
    if (!range.ok()) return range.status();
    if (page.revision == 0) page.revision = range->revision;  // later pages read the same snapshot
    if (range->more && range->kvs.empty()) return Internal("etcd said more keys follow " + page.key + " but sent none");
    for (auto& kv : range->kvs) all.push_back(std::move(kv));
    if (!range->more) break;
    page.key = all.back().key + std::string(1, '\0');  // the next key after the last one read
  }
  revision = page.revision;
  return all;
}

Result<InventoryRecords> EtcdStateStore::LoadRecords() {
  std::int64_t revision = 0;  // the objects' revision, then the intents at the same one: one snapshot
  auto objects = ReadAll(prefix_ + "/objects/", revision);
  if (!objects.ok()) return objects.status().WithContext("read inventory " + Describe());
  auto intents = ReadAll(prefix_ + "/intents/", revision);
  if (!intents.ok()) return intents.status().WithContext("read inventory " + Describe());
  etcd::RangeRequest deletions;
  deletions.key = DeletionsKey();
  deletions.revision = revision;
  auto deletions_range = etcd::Range(client_, deletions);
  if (!deletions_range.ok()) return deletions_range.status().WithContext("read inventory " + Describe());

  InventoryRecords records;
  for (const auto& kv : *objects) {
    auto object = ParseObject(kv.value, "etcd key " + kv.key);
    if (!object.ok()) return object.status().WithContext(UnusableInventoryContext(Describe()));
    if (ObjectKeyOf(object->key) != kv.key) {
      return FailedPrecondition("etcd key " + kv.key + " holds " + object->key.ToString())
          .WithContext(UnusableInventoryContext(Describe()));
    }
    records.objects.emplace(object->key, std::move(object).value());
  }
  for (const auto& kv : *intents) {
    auto intent = ParseIntent(kv.value, "etcd key " + kv.key);
    if (!intent.ok()) return intent.status().WithContext(UnusableInventoryContext(Describe()));
    if (IntentKeyOf(intent->key) != kv.key) {
      return FailedPrecondition("etcd key " + kv.key + " holds " + intent->key.ToString())
          .WithContext(UnusableInventoryContext(Describe()));
    }
    records.intents.emplace(intent->key, std::move(intent).value());
  }
  for (const auto& kv : deletions_range->kvs) {
    auto times = ParseDeletionTimes(kv.value, "etcd key " + kv.key);
    if (!times.ok()) return times.status().WithContext(UnusableInventoryContext(Describe()));
    records.deletions = std::move(times).value();
  }
  return records;
}

Status EtcdStateStore::CommitRecords(const InventoryRecords& before, const InventoryRecords& after) {
  return CommitChange(before, DiffRecords(before, after));
}

Status EtcdStateStore::CommitChange(const InventoryRecords& /*before*/, const RecordsChange& change) {
  if (election_ == nullptr) return FailedPrecondition("state " + Describe() + " was opened read-only");
  // One key per record: a commit writes the records it changed, and the prune guard's window (one
  // small key) when it changed.
  std::vector<etcd::Op> ops;
  for (const auto& o : change.put_objects) ops.push_back({etcd::Op::Kind::kPut, ObjectKeyOf(o.key), SerializeObject(o), 0});
  for (const auto& k : change.removed_objects) ops.push_back({etcd::Op::Kind::kDelete, ObjectKeyOf(k), "", 0});
  for (const auto& i : change.put_intents) ops.push_back({etcd::Op::Kind::kPut, IntentKeyOf(i.key), SerializeIntent(i), 0});
  for (const auto& k : change.removed_intents) ops.push_back({etcd::Op::Kind::kDelete, IntentKeyOf(k), "", 0});
  if (change.deletions) {
    ops.push_back({etcd::Op::Kind::kPut, DeletionsKey(), SerializeDeletionTimes(*change.deletions), 0});
  }
  for (std::size_t start = 0; start < ops.size(); start += kMaxOpsPerTxn) {
    // Checked before every transaction: a leader past its renew deadline writes nothing, and etcd
    // refuses the write once the election key is gone.
    auto fence = election_->Fence();
    if (!fence.ok()) return fence.status().WithContext("write inventory " + Describe());
    const std::size_t end = std::min(ops.size(), start + kMaxOpsPerTxn);
    std::vector<etcd::Op> chunk(ops.begin() + static_cast<std::ptrdiff_t>(start),
                                ops.begin() + static_cast<std::ptrdiff_t>(end));
    auto txn = etcd::Txn(client_, {*fence}, chunk);
    if (!txn.ok()) return txn.status().WithContext("write inventory " + Describe());
    if (!txn->succeeded) {
      return FailedPrecondition("write inventory " + Describe() + ": instance " + election_->instance() +
                                " no longer leads (its election key is gone); the write was refused");
    }
  }
  return Status::Ok();
}

Result<std::optional<std::string>> EtcdStateStore::Read() {
  auto records = LoadRecords();
  if (!records.ok()) return records.status();
  if (records->objects.empty() && records->intents.empty() && records->deletions.empty()) return std::optional<std::string>();
  return std::optional<std::string>(SerializeInventory(*records));
}

Status EtcdStateStore::Write(std::string_view bytes) {
  auto after = ParseInventory(bytes);
  if (!after.ok()) return after.status();
  auto before = LoadRecords();
  if (!before.ok()) return before.status();
  return CommitRecords(*before, *after);
}

}  // namespace edgecert::reconcile
