// Typed results and requests for a zone's DNS records (GET/POST /zones/{zone_id}/dns_records, DELETE
// .../dns_records/{dns_record_id}): beyond the SSL contract subset, in the shapes of Cloudflare's public v4
// API (docs/api-client.md). edgecert only publishes DCV TXT records with them.
#pragma once

#include <optional>
#include <string>

namespace edgecert::api {

struct DnsRecord {
  std::string id;                // required
  std::string type;              // required: "TXT", "CNAME", ...
  std::string name;              // required: the absolute name without the trailing dot
  std::string content;           // required: the TXT text or the target
  std::optional<long long> ttl;  // 1 means "automatic"
  std::optional<std::string> comment;
  std::optional<std::string> created_on;
};

// GET /zones/{zone_id}/dns_records?type=&name=: the records of one type at one exact name (every
// record of the type when name is empty).
struct DnsRecordQuery {
  std::string type;
  std::string name;
};

struct CreateDnsRecordRequest {
  std::string type;
  std::string name;
  std::string content;
  int ttl = 1;                         // 1: automatic
  std::optional<std::string> comment;  // at most 100 characters on the free plan
};

}  // namespace edgecert::api
