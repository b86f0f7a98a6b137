#include "api/client/call_decode.h"
#include "api/client/cloudflare_client.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {
namespace {
constexpr const char* kRecords = "/zones/{zone_id}/dns_records";
constexpr const char* kRecord = "/zones/{zone_id}/dns_records/{dns_record_id}";
}  // namespace

Result<std::vector<DnsRecord>> CloudflareClient::ListDnsRecords(const std::string& zone_id,
                                                                const DnsRecordQuery& query) {
  ApiCall call = Get(kRecords, {zone_id});
  call.query.emplace_back("type", query.type);
  if (!query.name.empty()) call.query.emplace_back("name", query.name);
  return CallList<DnsRecord>(caller_, call, ParseDnsRecord, true);
}

Result<DnsRecord> CloudflareClient::CreateDnsRecord(const std::string& zone_id, const CreateDnsRecordRequest& request) {
  return CallOne<DnsRecord>(caller_, Write("POST", kRecords, {zone_id}, ToJson(request)), ParseDnsRecord);
}

Status CloudflareClient::DeleteDnsRecord(const std::string& zone_id, const std::string& id) {
  return CallStatus(caller_, Delete(kRecord, {zone_id, id}));
}

}  // namespace edgecert::api
