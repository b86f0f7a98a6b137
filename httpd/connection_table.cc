#include "httpd/connection_table.h"

#include <algorithm>

namespace edgecert::httpd {

ConnectionTable::ConnectionTable(std::size_t per_worker_cap, std::chrono::nanoseconds header_timeout)
    : per_worker_cap_(std::max<std::size_t>(per_worker_cap, 1)), header_timeout_(header_timeout) {}

std::vector<int> ConnectionTable::Opened(Id id, Worker worker, int fd, TimePoint now) {
  std::vector<int> out;
  std::lock_guard lock(mu_);
  entries_[id] = Entry{worker, fd, now, false, false};
  ++live_[worker];
  ExpireLocked(worker, now, out);
  EnforceCapLocked(worker, out);
  return out;
}

void ConnectionTable::RequestStarted(Id id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it != entries_.end()) it->second.busy = true;
}

std::vector<int> ConnectionTable::RequestFinished(Id id, Worker worker, TimePoint now) {
  std::vector<int> out;
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it != entries_.end()) {
    it->second.busy = false;
    it->second.waiting_since = now;
  }
  ExpireLocked(worker, now, out);
  return out;
}

void ConnectionTable::Closed(Id id) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  if (!it->second.doomed) --live_[it->second.worker];
  entries_.erase(it);
}

std::size_t ConnectionTable::open() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

std::uint64_t ConnectionTable::evicted() const {
  std::lock_guard lock(mu_);
  return evicted_;
}

void ConnectionTable::ExpireLocked(Worker worker, TimePoint now, std::vector<int>& out) {
  for (auto& [id, e] : entries_) {
    if (e.worker != worker || e.busy || e.doomed || now - e.waiting_since < header_timeout_) continue;
    e.doomed = true;
    --live_[worker];
    ++evicted_;
    out.push_back(e.fd);
  }
}

void ConnectionTable::EnforceCapLocked(Worker worker, std::vector<int>& out) {
  while (live_[worker] > per_worker_cap_) {
    Entry* oldest = nullptr;
    for (auto& [id, e] : entries_) {
      if (e.worker != worker || e.busy || e.doomed) continue;
      if (oldest == nullptr || e.waiting_since < oldest->waiting_since) oldest = &e;
    }
    if (oldest == nullptr) return;  // every connection is busy: nothing may be cut
    oldest->doomed = true;
    --live_[worker];
    ++evicted_;
    out.push_back(oldest->fd);
  }
}

}  // namespace edgecert::httpd
