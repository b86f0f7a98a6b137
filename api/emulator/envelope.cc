#include "api/emulator/envelope.h"

#include <algorithm>
#include <charconv>

namespace edgecert::emulator {

ApiResponse SuccessEnvelope(web::json::value result) {
  ApiResponse response;
  response.status = 200;
  response.body = web::json::value::object();
  response.body["success"] = web::json::value::boolean(true);
  response.body["errors"] = web::json::value::array();
  response.body["messages"] = web::json::value::array();
  response.body["result"] = std::move(result);
  return response;
}

ApiResponse FailureEnvelope(int http_status, int code, std::string message) {
  ApiResponse response;
  response.status = http_status;
  web::json::value error = web::json::value::object();
  error["code"] = web::json::value::number(code);
  error["message"] = web::json::value::string(std::move(message));
  response.body = web::json::value::object();
  response.body["success"] = web::json::value::boolean(false);
  response.body["errors"] = web::json::value::array({error});
  response.body["messages"] = web::json::value::array();
  response.body["result"] = web::json::value::null();
  return response;
}

namespace {

// Parses a positive decimal integer; std::nullopt for anything else.
std::optional<long> ParsePositive(const std::string& text) {
  long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < 1) return std::nullopt;
  return value;
}

}  // namespace

Result<PageRequest> ParsePageRequest(const ApiRequest& request, int default_per_page, int min_per_page,
                                     int max_per_page) {
  PageRequest page;
  page.per_page = default_per_page;
  if (auto it = request.query.find("page"); it != request.query.end()) {
    auto value = ParsePositive(it->second);
    if (!value || *value > 1'000'000) return InvalidArgument("page must be a positive integer");
    page.page = static_cast<int>(*value);
  }
  if (auto it = request.query.find("per_page"); it != request.query.end()) {
    auto value = ParsePositive(it->second);
    if (!value) return InvalidArgument("per_page must be a positive integer");
    page.per_page = static_cast<int>(std::clamp<long>(*value, min_per_page, max_per_page));
  }
  return page;
}

std::pair<std::size_t, std::size_t> PageBounds(std::size_t total, const PageRequest& page) {
  const std::size_t first =
      std::min(total, static_cast<std::size_t>(page.page - 1) * static_cast<std::size_t>(page.per_page));
  return {first, std::min(total, first + static_cast<std::size_t>(page.per_page))};
}

ApiResponse PagedEnvelope(const std::vector<web::json::value>& items, const PageRequest& page) {
  auto [first, last] = PageBounds(items.size(), page);
  return PagedEnvelope(std::vector<web::json::value>(items.begin() + first, items.begin() + last), items.size(), page);
}

ApiResponse PagedEnvelope(std::vector<web::json::value> slice, std::size_t total, const PageRequest& page) {
  const std::size_t count = slice.size();
  const std::size_t total_pages = (total + page.per_page - 1) / page.per_page;
  ApiResponse response = SuccessEnvelope(web::json::value::array(std::move(slice)));
  web::json::value info = web::json::value::object();
  info["page"] = web::json::value::number(page.page);
  info["per_page"] = web::json::value::number(page.per_page);
  info["count"] = web::json::value::number(static_cast<uint64_t>(count));
  info["total_count"] = web::json::value::number(static_cast<uint64_t>(total));
  info["total_pages"] = web::json::value::number(static_cast<uint64_t>(total_pages));
  response.body["result_info"] = info;
  return response;
}

}  // namespace edgecert::emulator
