// Answers of read-only requests kept as bytes, so a list asked for again and again is rendered to JSON
// once, not per request. An entry is given out only while it cannot be stale: the state version it was
// rendered at is still current, and the emulator clock is inside [rendered at, reusable until), the
// window in which every lifecycle status it shows stays as it was. Thread-safety: internally locked.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/emulator/api_types.h"

namespace edgecert::emulator {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_entries = 1024) : max_entries_(max_entries) {}

  // What identifies a request's answer: method, path and every query parameter.
  static std::string Key(const ApiRequest& request);

  // The answer for `key` if one was rendered at `version` with `now` inside its window.
  std::optional<ApiResponse> Find(const std::string& key, std::uint64_t version, Clock::TimePoint now) const;

  // Keeps `response` (its body serialized into rendered_body) for `key`; `rendered_at` is the clock
  // reading the handler saw, `version` the state version it read. Needs response.reusable_until.
  void Put(const std::string& key, std::uint64_t version, Clock::TimePoint rendered_at, const ApiResponse& response);

 private:
  struct Entry {
    std::uint64_t version = 0;
    Clock::TimePoint from;
    Clock::TimePoint until;
    int status = 200;
    std::map<std::string, std::string> headers;
    std::shared_ptr<const std::string> body;
  };

  const std::size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace edgecert::emulator
