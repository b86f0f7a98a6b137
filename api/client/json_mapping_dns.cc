#include "api/client/json_fields.h"
#include "api/client/json_mapping.h"

namespace edgecert::api {

Result<DnsRecord> ParseDnsRecord(const web::json::value& v) {
  JsonFields f(v, "DNS record");
  DnsRecord r;
  r.id = f.String("id");
  r.type = f.String("type");
  r.name = f.String("name");
  r.content = f.String("content");
  if (auto ttl = f.OptInt("ttl")) r.ttl = *ttl;
  r.comment = f.OptString("comment");
  r.created_on = f.OptString("created_on");
  if (!f.ok()) return f.status();
  return r;
}

web::json::value ToJson(const CreateDnsRecordRequest& r) {
  auto v = web::json::value::object();
  v["type"] = web::json::value::string(r.type);
  v["name"] = web::json::value::string(r.name);
  v["content"] = web::json::value::string(r.content);
  v["ttl"] = web::json::value::number(r.ttl);
  if (r.comment) v["comment"] = web::json::value::string(*r.comment);
  return v;
}

}  // namespace edgecert::api
