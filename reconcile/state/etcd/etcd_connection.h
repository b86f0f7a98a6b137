// EtcdConnection: where the etcd state lives and how to reach it, from `--state-store
// etcd://HOST:PORT[,HOST:PORT...]/PREFIX`, the TLS flags and EDGECERT_ETCD_USER / EDGECERT_ETCD_PASSWORD
// (or their _FILE variants). The password is a Secret: it never reaches a log or an error.
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.h"
#include "common/status.h"

namespace edgecert::reconcile {

struct EtcdConnection {
  std::vector<std::string> endpoints;  // "host:port", tried in order
  std::string prefix;                  // "/edgecert/prod": no trailing slash
  std::string ca_file;                 // --etcd-ca: TLS (https) when set
  std::string cert_file;               // --etcd-cert: client certificate
  std::string key_file;                // --etcd-key
  std::string user;                    // empty: no etcd authentication
  Secret password;
  std::chrono::milliseconds request_timeout{5000};

  bool tls() const { return !ca_file.empty() || !cert_file.empty(); }
  // "etcd://a:2379,b:2379/edgecert/prod" (no credentials), for messages.
  std::string Describe() const;
};

// True for "etcd://...".
bool IsEtcdUrl(std::string_view text);
// Parses the endpoints and prefix; the prefix must be non-empty (several deployments share one etcd).
Result<EtcdConnection> ParseEtcdUrl(std::string_view url);
// Fills user/password from EDGECERT_ETCD_USER(_FILE) and EDGECERT_ETCD_PASSWORD(_FILE). A user without
// a password (or the reverse) is an error naming the variable to set.
Status LoadEtcdCredentials(const std::map<std::string, std::string>& env, EtcdConnection& connection);

}  // namespace edgecert::reconcile
