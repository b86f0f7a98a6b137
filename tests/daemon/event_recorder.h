// EventRecorder: records when callbacks ran (and with what value) and lets a test wait, with a generous
// deadline, until a condition on them holds. Tests wait on it instead of sleeping.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace edgecert::testing {

class EventRecorder {
 public:
  using Steady = std::chrono::steady_clock;
  struct Event {
    Steady::time_point at;
    int value;
  };
  static constexpr std::chrono::seconds kDeadline{20};

  void Record(int value = 0) {
    {
      std::lock_guard lock(mu_);
      events_.push_back({Steady::now(), value});
    }
    cv_.notify_all();
  }

  std::size_t count() const {
    std::lock_guard lock(mu_);
    return events_.size();
  }

  std::vector<Event> events() const {
    std::lock_guard lock(mu_);
    return events_;
  }

  // True once at least `n` events were recorded; false if the deadline passed first.
  bool WaitForCount(std::size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [&] { return events_.size() >= n; });
  }

  // True once an event was recorded after `t` (a callback that began after the change was made).
  bool WaitForEventAfter(Steady::time_point t) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [&] {
      for (const Event& e : events_) {
        if (e.at > t) return true;
      }
      return false;
    });
  }

  // True once an event with `value` was recorded, counting from the `from`-th event.
  bool WaitForValue(int value, std::size_t from = 0) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kDeadline, [&] {
      for (std::size_t i = from; i < events_.size(); ++i) {
        if (events_[i].value == value) return true;
      }
      return false;
    });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Event> events_;
};

}  // namespace edgecert::testing
