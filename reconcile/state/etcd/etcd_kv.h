// Typed etcd v3 calls over EtcdClient: range, transaction, lease grant / keepalive / revoke. Keys and
// values are plain strings here; the JSON gateway's base64 and string-encoded int64 stay inside.
// Thread-safety: stateless functions; the client is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "reconcile/state/etcd/etcd_client.h"

namespace edgecert::reconcile::etcd {

struct KeyValue {
  std::string key;
  std::string value;
  std::int64_t create_revision = 0;
  std::int64_t mod_revision = 0;
  std::int64_t lease = 0;
};

struct RangeRequest {
  std::string key;
  std::string range_end;       // empty: `key` alone; PrefixEnd(key): every key below it
  std::int64_t revision = 0;   // 0: the newest; else a snapshot at that revision
  std::int64_t limit = 0;
  std::string sort_by_create;  // "", "ASCEND" or "DESCEND"
  std::int64_t max_create_revision = 0;  // 0: no filter
  bool keys_only = false;
};

struct RangeResult {
  std::vector<KeyValue> kvs;
  std::int64_t revision = 0;  // the store's revision the range was read at
  bool more = false;
};

// One txn comparison: `target` of `key` compared to `value` ("CREATE" revision, "LEASE" id, "VERSION").
struct Compare {
  std::string key;
  std::string target;          // "CREATE", "LEASE", "VERSION", "MOD"
  std::string result = "EQUAL";  // "EQUAL", "NOT_EQUAL", "LESS", "GREATER"
  std::int64_t value = 0;
};

struct Op {
  enum class Kind { kPut, kDelete, kRange };
  Kind kind = Kind::kPut;
  std::string key;
  std::string value;
  std::int64_t lease = 0;
};

struct TxnResult {
  bool succeeded = false;
  std::int64_t revision = 0;
  std::vector<RangeResult> ranges;  // one per kRange op of the branch taken, in order
};

// The range end that selects every key starting with `prefix`.
std::string PrefixEnd(const std::string& prefix);

// A request for every key below `prefix`.
RangeRequest PrefixRange(const std::string& prefix);

Result<RangeResult> Range(EtcdClient& client, const RangeRequest& request);
Result<TxnResult> Txn(EtcdClient& client, const std::vector<Compare>& compares, const std::vector<Op>& success,
                      const std::vector<Op>& failure = {});
// A new lease of `ttl_seconds`; its id.
Result<std::int64_t> LeaseGrant(EtcdClient& client, std::int64_t ttl_seconds);
// Renews the lease; its remaining TTL. NotFound when the lease is gone (expired or revoked).
Result<std::int64_t> LeaseKeepAlive(EtcdClient& client, std::int64_t lease);
Status LeaseRevoke(EtcdClient& client, std::int64_t lease);

}  // namespace edgecert::reconcile::etcd
