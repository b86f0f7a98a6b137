// ConnectionTable: the bookkeeping behind the HTTP server's connection cap and header-read deadline.
// It decides which connections to close; the server closes them. A connection "waits" from accept (or
// from its previous response) until its next request head is complete; only waiting connections are
// ever chosen. Thread-safety: every method may be called from any thread (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace edgecert::httpd {

class ConnectionTable {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using Id = std::uintptr_t;
  using Worker = std::size_t;  // the server thread that owns a connection; only it may close it

  // `per_worker_cap`: open connections one worker keeps; `header_timeout`: how long a connection may
  // wait without a complete request head.
  ConnectionTable(std::size_t per_worker_cap, std::chrono::nanoseconds header_timeout);

  // A connection was accepted by `worker`; `fd` is what gets returned when it must be closed.
  // Returns the descriptors of `worker`'s connections to close now: those past their header deadline,
  // then, while the worker holds more than its cap, the longest-waiting ones (possibly this new one,
  // when every other is busy with a request).
  std::vector<int> Opened(Id id, Worker worker, int fd, TimePoint now);
  // The request head of `id` is complete: it is busy until RequestFinished.
  void RequestStarted(Id id);
  // The response of `id` is done; it waits again. Returns the descriptors of `worker`'s connections
  // past their header deadline.
  std::vector<int> RequestFinished(Id id, Worker worker, TimePoint now);
  void Closed(Id id);

  // Connections open (including those chosen for closing that have not closed yet).
  std::size_t open() const;
  // Connections closed because of the cap or the header deadline, since the start.
  std::uint64_t evicted() const;

 private:
  struct Entry {
    Worker worker = 0;
    int fd = -1;
    TimePoint waiting_since;
    bool busy = false;
    bool doomed = false;  // chosen for closing; no longer counted against the cap
  };
  void ExpireLocked(Worker worker, TimePoint now, std::vector<int>& out);
  void EnforceCapLocked(Worker worker, std::vector<int>& out);

  const std::size_t per_worker_cap_;
  const std::chrono::nanoseconds header_timeout_;
  mutable std::mutex mu_;
  std::unordered_map<Id, Entry> entries_;         // guarded by mu_
  std::unordered_map<Worker, std::size_t> live_;  // guarded by mu_: not-doomed entries per worker
  std::uint64_t evicted_ = 0;                     // guarded by mu_
};

}  // namespace edgecert::httpd
