#include "reconcile/object_status.h"

namespace edgecert::reconcile {

std::string_view PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kPending: return "Pending";
    case Phase::kProgressing: return "Progressing";
    case Phase::kReady: return "Ready";
    case Phase::kFailed: return "Failed";
    case Phase::kDeleting: return "Deleting";
  }
  return "Unknown";
}

bool ObjectStatusBoard::Set(ObjectStatus status) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(status.key);
  if (it == objects_.end()) {
    ObjectKey key = status.key;
    objects_.emplace(std::move(key), std::move(status));
    return true;
  }
  const bool changed = it->second.phase != status.phase || it->second.remote_status != status.remote_status;
  it->second = std::move(status);
  return changed;
}

void ObjectStatusBoard::Remove(const ObjectKey& key) {
  std::lock_guard<std::mutex> lock(mu_);
  objects_.erase(key);
}

std::optional<ObjectStatus> ObjectStatusBoard::Get(const ObjectKey& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = objects_.find(key);
  if (it == objects_.end()) return std::nullopt;
  return it->second;
}

std::vector<ObjectStatus> ObjectStatusBoard::All() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ObjectStatus> out;
  out.reserve(objects_.size());
  for (const auto& [key, status] : objects_) out.push_back(status);
  return out;
}

std::vector<ObjectStatus> ObjectStatusBoard::Select(const std::function<bool(const ObjectStatus&)>& keep) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ObjectStatus> out;
  for (const auto& [key, status] : objects_) {
    if (keep(status)) out.push_back(status);
  }
  return out;
}

}  // namespace edgecert::reconcile
