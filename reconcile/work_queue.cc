#include "reconcile/work_queue.h"

#include <algorithm>
#include <cmath>

namespace edgecert::reconcile {

WorkQueue::WorkQueue(BackoffPolicy policy, std::uint64_t seed) : policy_(policy), rng_(seed) {}

void WorkQueue::ScheduleLocked(const Key& key, TimePoint when) {
  if (in_flight_.count(key)) {
    auto [it, inserted] = dirty_.emplace(key, when);
    if (!inserted) it->second = std::min(it->second, when);
    return;
  }
  auto it = due_.find(key);
  if (it != due_.end()) {
    if (it->second <= when) return;  // already due sooner
    order_.erase({it->second, key});
    it->second = when;
  } else {
    due_.emplace(key, when);
  }
  order_.emplace(when, key);
}

void WorkQueue::AddAt(const Key& key, TimePoint when) {
  std::lock_guard lock(mu_);
  ScheduleLocked(key, when);
}

std::chrono::milliseconds WorkQueue::AddWithBackoff(const Key& key, TimePoint now) {
  std::lock_guard lock(mu_);
  int n = failures_[key]++;
  // base * 2^n, capped; computed in double so a long failure streak cannot overflow.
  double ms = static_cast<double>(policy_.base.count()) * std::pow(2.0, std::min(n, 40));
  ms = std::min(ms, static_cast<double>(policy_.cap.count()));
  std::uniform_real_distribution<double> jitter(1.0 - policy_.jitter, 1.0 + policy_.jitter);
  auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(ms * jitter(rng_)));
  ScheduleLocked(key, now + delay);
  return delay;
}

void WorkQueue::Forget(const Key& key) {
  std::lock_guard lock(mu_);
  failures_.erase(key);
}

int WorkQueue::Failures(const Key& key) const {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

std::optional<WorkQueue::Key> WorkQueue::Pop(TimePoint now) {
  std::lock_guard lock(mu_);
  if (order_.empty() || order_.begin()->first > now) return std::nullopt;
  Key key = order_.begin()->second;
  order_.erase(order_.begin());
  due_.erase(key);
  in_flight_.insert(key);
  return key;
}

void WorkQueue::Done(const Key& key, TimePoint now) {
  std::lock_guard lock(mu_);
  in_flight_.erase(key);
  auto it = dirty_.find(key);
  if (it != dirty_.end()) {
    TimePoint when = std::max(it->second, now);
    dirty_.erase(it);
    ScheduleLocked(key, when);
  }
}

void WorkQueue::Remove(const Key& key) {
  std::lock_guard lock(mu_);
  auto it = due_.find(key);
  if (it != due_.end()) {
    order_.erase({it->second, key});
    due_.erase(it);
  }
  dirty_.erase(key);
  failures_.erase(key);
}

std::optional<WorkQueue::TimePoint> WorkQueue::NextDue() const {
  std::lock_guard lock(mu_);
  if (order_.empty()) return std::nullopt;
  return order_.begin()->first;
}

std::size_t WorkQueue::Waiting() const {
  std::lock_guard lock(mu_);
  return due_.size();
}

std::size_t WorkQueue::InFlight() const {
  std::lock_guard lock(mu_);
  return in_flight_.size();
}

}  // namespace edgecert::reconcile
