// EtcdClient: one JSON call to etcd v3's gRPC gateway (POST /v3/kv/range, /v3/kv/txn, /v3/lease/...)
// over cpprest's http_client. The only file that touches cpprest here: its exceptions become Status
// values. Tries the endpoints in order until one answers, authenticates with user/password when given
// (the token goes in the Authorization header; an expired token is renewed once) and reports every
// call's latency and outcome to the observer. Thread-safety: Call may run on several threads at once.
#pragma once

#include <cpprest/json.h>

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "reconcile/state/etcd/etcd_connection.h"

namespace edgecert::reconcile {

// Sees every etcd call ("/v3/kv/txn", took, ok); metrics implement it. Must be thread-safe.
class EtcdObserver {
 public:
  virtual ~EtcdObserver() = default;
  virtual void OnEtcdCall(const std::string& path, std::chrono::nanoseconds took, bool ok) = 0;
};

class EtcdClient {
 public:
  static Result<std::unique_ptr<EtcdClient>> Create(EtcdConnection connection, EtcdObserver* observer = nullptr);
  ~EtcdClient();

  // The response's JSON object. Unreachable endpoints and etcd's "unavailable" answers are Unavailable;
  // etcd's other errors keep etcd's message (never a credential).
  Result<web::json::value> Call(const std::string& path, const web::json::value& body);
  const EtcdConnection& connection() const;

  EtcdClient(const EtcdClient&) = delete;
  EtcdClient& operator=(const EtcdClient&) = delete;

 private:
  struct Impl;
  explicit EtcdClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace edgecert::reconcile
