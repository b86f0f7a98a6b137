#include "reconcile/state/etcd/etcd_kv.h"

#include <cpprest/asyncrt_utils.h>

namespace edgecert::reconcile::etcd {
namespace {

using web::json::value;

std::string Encode(const std::string& bytes) {
  return utility::conversions::to_base64(std::vector<unsigned char>(bytes.begin(), bytes.end()));
}

std::string Decode(const std::string& text) {
  const std::vector<unsigned char> bytes = utility::conversions::from_base64(text);
  return std::string(bytes.begin(), bytes.end());
}

// The gateway writes int64 as strings and leaves zero values out.
std::int64_t Int(const value& object, const char* field) {
  if (!object.is_object() || !object.has_field(field)) return 0;
  const value& v = object.at(field);
  if (v.is_number()) return v.as_number().to_int64();
  if (v.is_string()) {
    try {
      return std::stoll(v.as_string());
    } catch (const std::exception&) {
      return 0;
    }
  }
  return 0;
}

value Str(std::int64_t n) { return value::string(std::to_string(n)); }

RangeResult ParseRange(const value& body) {
  RangeResult result;
  result.revision = Int(body.has_field("header") ? body.at("header") : value(), "revision");
  result.more = body.has_boolean_field("more") && body.at("more").as_bool();
  if (body.has_array_field("kvs")) {
    for (const value& kv : body.at("kvs").as_array()) {
      KeyValue out;
      out.key = kv.has_string_field("key") ? Decode(kv.at("key").as_string()) : "";
      out.value = kv.has_string_field("value") ? Decode(kv.at("value").as_string()) : "";
      out.create_revision = Int(kv, "create_revision");
      out.mod_revision = Int(kv, "mod_revision");
      out.lease = Int(kv, "lease");
      result.kvs.push_back(std::move(out));
    }
  }
  return result;
}

value RangeJson(const RangeRequest& request) {
  value body = value::object();
  body["key"] = value::string(Encode(request.key));
  if (!request.range_end.empty()) body["range_end"] = value::string(Encode(request.range_end));
  if (request.revision > 0) body["revision"] = Str(request.revision);
  if (request.limit > 0) body["limit"] = Str(request.limit);
  if (!request.sort_by_create.empty()) {
    body["sort_order"] = value::string(request.sort_by_create);
    body["sort_target"] = value::string("CREATE");
  }
  if (request.max_create_revision > 0) body["max_create_revision"] = Str(request.max_create_revision);
  if (request.keys_only) body["keys_only"] = value::boolean(true);
  return body;
}

value OpsJson(const std::vector<Op>& ops) {
  value array = value::array(ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Op& op = ops[i];
    value request = value::object();
    if (op.kind == Op::Kind::kRange) {
      RangeRequest range;
      range.key = op.key;
      request["request_range"] = RangeJson(range);
    } else if (op.kind == Op::Kind::kDelete) {
      value del = value::object();
      del["key"] = value::string(Encode(op.key));
      request["request_delete_range"] = del;
    } else {
      value put = value::object();
      put["key"] = value::string(Encode(op.key));
      put["value"] = value::string(Encode(op.value));
      if (op.lease != 0) put["lease"] = Str(op.lease);
      request["request_put"] = put;
    }
    array[i] = request;
  }
  return array;
}

}  // namespace

std::string PrefixEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    if (static_cast<unsigned char>(end.back()) < 0xff) {
      end.back() = static_cast<char>(end.back() + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

RangeRequest PrefixRange(const std::string& prefix) {
  RangeRequest request;
  request.key = prefix;
  request.range_end = PrefixEnd(prefix);
  return request;
}

Result<RangeResult> Range(EtcdClient& client, const RangeRequest& request) {
  auto body = client.Call("/v3/kv/range", RangeJson(request));
  if (!body.ok()) return body.status();
  return ParseRange(*body);
}

Result<TxnResult> Txn(EtcdClient& client, const std::vector<Compare>& compares, const std::vector<Op>& success,
                      const std::vector<Op>& failure) {
  value body = value::object();
  value cmp = value::array(compares.size());
  for (std::size_t i = 0; i < compares.size(); ++i) {
    const Compare& c = compares[i];
    value v = value::object();
    v["key"] = value::string(Encode(c.key));
    v["target"] = value::string(c.target);
    v["result"] = value::string(c.result);
    const char* field = c.target == "CREATE"    ? "create_revision"
                        : c.target == "LEASE"   ? "lease"
                        : c.target == "VERSION" ? "version"
                                                : "mod_revision";
    v[field] = Str(c.value);
    cmp[i] = v;
  }
  body["compare"] = cmp;
  body["success"] = OpsJson(success);
  body["failure"] = OpsJson(failure);
  auto answer = client.Call("/v3/kv/txn", body);
  if (!answer.ok()) return answer.status();
  TxnResult result;
  result.succeeded = answer->has_boolean_field("succeeded") && answer->at("succeeded").as_bool();
  result.revision = Int(answer->has_field("header") ? answer->at("header") : value(), "revision");
  if (answer->has_array_field("responses")) {
    for (const value& r : answer->at("responses").as_array()) {
      if (r.has_object_field("response_range")) result.ranges.push_back(ParseRange(r.at("response_range")));
    }
  }
  return result;
}

Result<std::int64_t> LeaseGrant(EtcdClient& client, std::int64_t ttl_seconds) {
  value body = value::object();
  body["TTL"] = Str(ttl_seconds);
  auto answer = client.Call("/v3/lease/grant", body);
  if (!answer.ok()) return answer.status();
  const std::int64_t id = Int(*answer, "ID");
  if (id == 0) return Internal("etcd granted a lease without an id");
  return id;
}

Result<std::int64_t> LeaseKeepAlive(EtcdClient& client, std::int64_t lease) {
  value body = value::object();
  body["ID"] = Str(lease);
  auto answer = client.Call("/v3/lease/keepalive", body);
  if (!answer.ok()) return answer.status();
  const std::int64_t ttl = Int(*answer, "TTL");
  if (ttl <= 0) return NotFound("etcd lease " + std::to_string(lease) + " expired");
  return ttl;
}

Status LeaseRevoke(EtcdClient& client, std::int64_t lease) {
  value body = value::object();
  body["ID"] = Str(lease);
  auto answer = client.Call("/v3/lease/revoke", body);
  return answer.ok() ? Status::Ok() : answer.status();
}

}  // namespace edgecert::reconcile::etcd
