// A zone's DNS records, the part edgecert uses to publish DCV records: TXT and CNAME only, in memory,
// listed with the type and exact-name filters and paged, created with the API's checks (a name inside
// the zone, no identical record, no CNAME beside another record at one name) and deleted. They do not
// move any validation forward: the emulator's lifecycles run on its clock alone (docs/emulator.md).
#include <algorithm>
#include <cctype>

#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"
#include "api/emulator/resource_views.h"

namespace edgecert::emulator {
namespace {

using web::json::value;

constexpr std::size_t kMaxComment = 100;
constexpr std::size_t kMaxTxtContent = 2048;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string WithoutDot(std::string name) {
  while (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

bool InZone(const std::string& name, const std::string& zone) {
  return name == zone || (name.size() > zone.size() && name.ends_with("." + zone));
}

DnsRecord* FindRecord(HandlerContext& ctx, const std::string& id) {
  auto it = ctx.state.dns_records.find(id);
  if (it == ctx.state.dns_records.end() || it->second.zone_id != ctx.zone->id) return nullptr;
  return &it->second;
}

}  // namespace

value DnsRecordJson(const DnsRecord& record, const std::string& zone_name) {
  value v = value::object();
  v["id"] = value::string(record.id);
  v["zone_id"] = value::string(record.zone_id);
  v["zone_name"] = value::string(zone_name);
  v["type"] = value::string(record.type);
  v["name"] = value::string(record.name);
  v["content"] = value::string(record.content);
  v["ttl"] = value::number(static_cast<int64_t>(record.ttl));
  v["proxiable"] = value::boolean(false);
  v["proxied"] = value::boolean(false);
  v["comment"] = record.comment.empty() ? value::null() : value::string(record.comment);
  v["tags"] = value::array();
  v["created_on"] = value::string(FormatTime(record.created_on));
  v["modified_on"] = value::string(FormatTime(record.created_on));
  return v;
}

ApiResponse ListDnsRecords(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request, 100, 5, 5000);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  const std::string type = ctx.Query("type");
  const std::string name = Lower(WithoutDot(ctx.Query("name")));
  std::vector<const DnsRecord*> records;
  for (const auto& [id, record] : ctx.state.dns_records) {
    if (record.zone_id != ctx.zone->id) continue;
    if (!type.empty() && record.type != type) continue;
    if (!name.empty() && record.name != name) continue;
    records.push_back(&record);
  }
  std::sort(records.begin(), records.end(), [](const DnsRecord* a, const DnsRecord* b) {
    return a->created_on != b->created_on ? a->created_on < b->created_on : a->id < b->id;
  });
  std::vector<value> items;
  for (const auto* record : records) items.push_back(DnsRecordJson(*record, ctx.zone->name));
  return PagedEnvelope(items, *page);
}

ApiResponse CreateDnsRecord(HandlerContext& ctx) {
  const value& body = ctx.Body();
  auto type = StringField(body, "type");
  auto name = StringField(body, "name");
  auto content = StringField(body, "content");
  auto ttl = IntegerField(body, "ttl");
  auto comment = StringField(body, "comment");
  if (!type.value || (*type.value != "TXT" && *type.value != "CNAME")) {
    return ErrorResponse(ErrorCode::kDnsRecordInvalid, "type must be TXT or CNAME");
  }
  if (!name.value || WithoutDot(*name.value).empty()) {
    return ErrorResponse(ErrorCode::kDnsRecordInvalid, "name is required");
  }
  DnsRecord record;
  record.type = *type.value;
  record.name = Lower(WithoutDot(*name.value));
  if (!InZone(record.name, ctx.zone->name)) {
    return ErrorResponse(ErrorCode::kDnsRecordInvalid, "name " + record.name + " is not in zone " + ctx.zone->name);
  }
  if (!content.value || content.value->empty()) {
    return ErrorResponse(ErrorCode::kDnsRecordInvalid, "content is required");
  }
  record.content = record.type == "CNAME" ? Lower(WithoutDot(*content.value)) : *content.value;
  if (record.type == "TXT" && record.content.size() > kMaxTxtContent) {
    return ErrorResponse(ErrorCode::kDnsRecordInvalid, "TXT content is longer than 2048 characters");
  }
  record.ttl = ttl.value.value_or(1);
  if (ttl.wrong_type() || (record.ttl != 1 && (record.ttl < 60 || record.ttl > 86400))) {
    return ErrorResponse(ErrorCode::kDnsRecordInvalid, "ttl must be 1 (automatic) or between 60 and 86400");
  }
  if (comment.wrong_type() || comment.value.value_or("").size() > kMaxComment) {
    return ErrorResponse(ErrorCode::kDnsRecordInvalid, "comment must be a string of at most 100 characters");
  }
  record.comment = comment.value.value_or("");
  for (const auto& [id, other] : ctx.state.dns_records) {
    if (other.zone_id != ctx.zone->id || other.name != record.name) continue;
    if (other.type == record.type && other.content == record.content) {
      return ErrorResponse(ErrorCode::kDnsRecordIdentical);
    }
    if (other.type == "CNAME" || record.type == "CNAME") return ErrorResponse(ErrorCode::kDnsRecordCnameConflict);
  }
  record.id = ctx.state.NewId();
  record.zone_id = ctx.zone->id;
  record.created_on = ctx.now;
  auto [it, inserted] = ctx.state.dns_records.emplace(record.id, std::move(record));
  ctx.Record("dns_record", "create", it->first, ctx.zone->id, DnsRecordJson(it->second, ctx.zone->name));
  return SuccessEnvelope(DnsRecordJson(it->second, ctx.zone->name));
}

ApiResponse DeleteDnsRecord(HandlerContext& ctx) {
  DnsRecord* record = FindRecord(ctx, ctx.Param("id"));
  if (record == nullptr) return ErrorResponse(ErrorCode::kDnsRecordNotFound);
  const std::string id = record->id;
  ctx.Record("dns_record", "delete", id, ctx.zone->id, DnsRecordJson(*record, ctx.zone->name));
  ctx.state.dns_records.erase(id);
  value result = value::object();
  result["id"] = value::string(id);
  return SuccessEnvelope(result);
}

}  // namespace edgecert::emulator
