// EtcdStateStore: the inventory in etcd, one key per record: PREFIX/objects/<kind>/<name> and
// PREFIX/intents/<kind>/<name>, each one record's JSON. LoadRecords reads both ranges at one revision
// (a consistent snapshot, no lock needed); CommitRecords writes only the records a change touched, in a
// transaction that also compares the election key (fencing): once this instance lost leadership, etcd
// itself refuses the write. Reads come in pages of `page_size` keys, each page continuing after the last
// key of the one before at the same revision, so a large inventory is never one huge response. Read/Write move the
// whole inventory as the file format does (used by `edgecert state migrate`). Thread-safety: safe for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "reconcile/state/etcd/etcd_client.h"
#include "reconcile/state/etcd/etcd_election.h"
#include "reconcile/state/state_store.h"

namespace edgecert::reconcile {

class EtcdStateStore final : public StateStore {
 public:
  // etcd refuses a transaction of more than 128 operations by default; larger commits are split.
  static constexpr std::size_t kMaxOpsPerTxn = 100;

  // Keys per range response when reading the inventory.
  static constexpr std::int64_t kDefaultPageSize = 500;

  // `election` null: read-only (plan); writes are refused.
  EtcdStateStore(EtcdClient& client, EtcdElection* election, std::int64_t page_size = kDefaultPageSize);

  Result<std::optional<std::string>> Read() override;
  Status Write(std::string_view bytes) override;
  std::string Describe() const override { return client_.connection().Describe(); }
  Result<InventoryRecords> LoadRecords() override;
  Status CommitRecords(const InventoryRecords& before, const InventoryRecords& after) override;
  Status CommitChange(const InventoryRecords& before, const RecordsChange& change) override;

 private:
  std::string ObjectKeyOf(const ObjectKey& key) const;
  std::string IntentKeyOf(const ObjectKey& key) const;
  std::string DeletionsKey() const;
  // Every key below `prefix` at `revision` (0: the newest; the revision read is stored back), page by page.
  Result<std::vector<etcd::KeyValue>> ReadAll(const std::string& prefix, std::int64_t& revision);

  EtcdClient& client_;
  EtcdElection* const election_;
  const std::string prefix_;
  const std::int64_t page_size_;
};

}  // namespace edgecert::reconcile
