// Cloudflare v4 envelopes (success, errors, messages, result, result_info) and list pagination.
// Thread-safety: pure functions.
#pragma once

#include <cpprest/json.h>

#include <string>
#include <vector>

#include "api/emulator/api_types.h"
#include "common/status.h"

namespace edgecert::emulator {

ApiResponse SuccessEnvelope(web::json::value result);
ApiResponse FailureEnvelope(int http_status, int code, std::string message);

struct PageRequest {
  int page = 1;
  int per_page = 20;
};

// Reads page/per_page from the query. per_page is clamped into [min_per_page, max_per_page] as the
// API does; a page below 1 or a non-number is an error (kInvalidPagination).
Result<PageRequest> ParsePageRequest(const ApiRequest& request, int default_per_page = 20, int min_per_page = 5,
                                     int max_per_page = 50);

// One page of `items` in the envelope with a result_info. A page past the end has an empty result
// and still the true total_count and total_pages.
ApiResponse PagedEnvelope(const std::vector<web::json::value>& items, const PageRequest& page);
// The same for callers that render only the page: `slice` holds items [first, last) of PageBounds.
ApiResponse PagedEnvelope(std::vector<web::json::value> slice, std::size_t total, const PageRequest& page);
// The index range [first, last) of `page` within `total` items (empty past the end).
std::pair<std::size_t, std::size_t> PageBounds(std::size_t total, const PageRequest& page);

}  // namespace edgecert::emulator
