#include "reconcile/state/inventory.h"

#include <algorithm>


namespace edgecert::reconcile {
namespace {

Status CheckKey(const ObjectKey& key) {
  if (key.name.empty()) return InvalidArgument("an inventory key needs a name");
  return Status::Ok();
}

}  // namespace

Inventory::Inventory(StateStore& store, InventoryRecords records) : store_(store), records_(std::move(records)) {}

Result<std::unique_ptr<Inventory>> Inventory::Load(StateStore& store) {
  auto records = store.LoadRecords();  // its errors say where and what to do
  if (!records.ok()) return records.status();
  return std::unique_ptr<Inventory>(new Inventory(store, std::move(records).value()));
}

Status Inventory::Reload() {
  std::lock_guard<std::mutex> lock(mu_);
  auto records = store_.LoadRecords();
  if (!records.ok()) return records.status();
  records_ = std::move(records).value();
  return Status::Ok();
}

std::optional<OwnedObject> Inventory::Find(const ObjectKey& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = records_.objects.find(key);
  if (it == records_.objects.end()) return std::nullopt;
  return it->second;
}

std::optional<OwnedObject> Inventory::FindByRemoteId(manifests::Kind kind, std::string_view remote_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [key, object] : records_.objects) {
    if (key.kind != kind) continue;
    const auto& old = object.superseded_remote_ids;
    if (object.remote_id == remote_id || std::find(old.begin(), old.end(), remote_id) != old.end()) return object;
  }
  return std::nullopt;
}

std::vector<OwnedObject> Inventory::Objects() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<OwnedObject> out;
  out.reserve(records_.objects.size());
  for (const auto& [key, object] : records_.objects) out.push_back(object);
  return out;
}

std::optional<CreateIntent> Inventory::FindIntent(const ObjectKey& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = records_.intents.find(key);
  if (it == records_.intents.end()) return std::nullopt;
  return it->second;
}

std::vector<CreateIntent> Inventory::Intents() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<CreateIntent> out;
  out.reserve(records_.intents.size());
  for (const auto& [key, intent] : records_.intents) out.push_back(intent);
  return out;
}

InventoryRecords Inventory::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_;
}

Status Inventory::Commit(RecordsChange change) {
  std::lock_guard<std::mutex> lock(mu_);
  return CommitLocked(std::move(change));
}

Status Inventory::CommitLocked(RecordsChange change) {
  // Drop what changes nothing, so a converged pass writes nothing.
  std::erase_if(change.put_objects, [this](const OwnedObject& o) {
    auto it = records_.objects.find(o.key);
    return it != records_.objects.end() && it->second == o;
  });
  std::erase_if(change.removed_objects, [this](const ObjectKey& k) { return !records_.objects.count(k); });
  std::erase_if(change.put_intents, [this](const CreateIntent& i) {
    auto it = records_.intents.find(i.key);
    return it != records_.intents.end() && it->second == i;
  });
  std::erase_if(change.removed_intents, [this](const ObjectKey& k) { return !records_.intents.count(k); });
  if (change.deletions && *change.deletions == records_.deletions) change.deletions.reset();
  if (change.empty()) return Status::Ok();
  // The store writes only the change; nothing copies the whole inventory (O(1) per change).
  Status status = store_.CommitChange(records_, change);
  if (!status.ok()) return status.WithContext("write inventory " + store_.Describe());
  ApplyChange(change, records_);
  return Status::Ok();
}

Status Inventory::Update(const std::function<Status(InventoryRecords&)>& change) {
  std::lock_guard<std::mutex> lock(mu_);
  InventoryRecords next = records_;
  Status status = change(next);
  if (!status.ok()) return status;
  if (next == records_) return Status::Ok();  // a converged pass writes nothing
  status = store_.CommitRecords(records_, next);
  if (!status.ok()) return status.WithContext("write inventory " + store_.Describe());
  records_ = std::move(next);
  return Status::Ok();
}

Status Inventory::Put(OwnedObject object) {
  Status status = CheckKey(object.key);
  if (!status.ok()) return status;
  if (object.remote_id.empty()) return InvalidArgument("owned object " + object.key.ToString() + " has no remote id");
  RecordsChange change;
  change.put_objects.push_back(std::move(object));
  return Commit(std::move(change));
}

Status Inventory::Remove(const ObjectKey& key) {
  RecordsChange change;
  change.removed_objects.push_back(key);
  return Commit(std::move(change));
}

Status Inventory::RecordDeletion(std::chrono::system_clock::time_point at, std::chrono::seconds keep) {
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
  const std::int64_t oldest = now - keep.count();
  std::lock_guard lock(mu_);  // read and written under one lock: concurrent deletions all count
  RecordsChange change;
  change.deletions = records_.deletions;
  std::erase_if(*change.deletions, [&](std::int64_t t) { return t < oldest; });
  change.deletions->push_back(now);
  return CommitLocked(std::move(change));
}

std::size_t Inventory::DeletionsSince(std::chrono::system_clock::time_point since) const {
  const std::int64_t from = std::chrono::duration_cast<std::chrono::seconds>(since.time_since_epoch()).count();
  std::lock_guard lock(mu_);
  return static_cast<std::size_t>(
      std::count_if(records_.deletions.begin(), records_.deletions.end(), [&](std::int64_t t) { return t > from; }));
}

Status Inventory::RecordIntent(CreateIntent intent) {
  Status status = CheckKey(intent.key);
  if (!status.ok()) return status;
  // The file keeps whole seconds; truncate now so memory and a reload agree.
  intent.created_at = std::chrono::time_point_cast<std::chrono::seconds>(intent.created_at);
  RecordsChange change;
  change.put_intents.push_back(std::move(intent));
  return Commit(std::move(change));
}

Status Inventory::ClearIntent(const ObjectKey& key) {
  RecordsChange change;
  change.removed_intents.push_back(key);
  return Commit(std::move(change));
}

Status Inventory::CompleteCreate(OwnedObject object) {
  Status status = CheckKey(object.key);
  if (!status.ok()) return status;
  if (object.remote_id.empty()) return InvalidArgument("owned object " + object.key.ToString() + " has no remote id");
  RecordsChange change;
  change.removed_intents.push_back(object.key);
  change.put_objects.push_back(std::move(object));
  return Commit(std::move(change));
}

}  // namespace edgecert::reconcile
