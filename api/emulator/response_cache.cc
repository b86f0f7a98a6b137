#include "api/emulator/response_cache.h"

namespace edgecert::emulator {

std::string ResponseCache::Key(const ApiRequest& request) {
  std::string key = request.method + " " + request.path;
  for (const auto& [name, value] : request.query) {  // a std::map: the same order whatever the URL's
    // Length-prefixed, so no name or value (decoded, so it may hold any byte) can pass for another.
    key += ' ' + std::to_string(name.size()) + ':' + name + std::to_string(value.size()) + ':' + value;
  }
  return key;
}

std::optional<ApiResponse> ResponseCache::Find(const std::string& key, std::uint64_t version,
                                               Clock::TimePoint now) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  const Entry& e = it->second;
  if (e.version != version || now < e.from || now >= e.until) return std::nullopt;
  ApiResponse response;
  response.status = e.status;
  response.headers = e.headers;
  response.rendered_body = e.body;
  response.reusable_until = e.until;
  return response;
}

void ResponseCache::Put(const std::string& key, std::uint64_t version, Clock::TimePoint rendered_at,
                        const ApiResponse& response) {
  if (!response.reusable_until) return;
  Entry entry{version,
              rendered_at,
              *response.reusable_until,
              response.status,
              response.headers,
              response.rendered_body ? response.rendered_body
                                     : std::make_shared<const std::string>(response.body.serialize())};
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= max_entries_ && entries_.count(key) == 0) entries_.clear();  // bounded; refilled on use
  entries_[key] = std::move(entry);
}

}  // namespace edgecert::emulator
