// EtcdCluster: Debian's etcd started by a test: one or three members on free loopback ports, data in a
// temp dir, killed and removed at the end. Members can be killed (SIGKILL), stopped and started again
// on the same ports and data, so tests can take etcd away and bring it back. With EtcdTls the client
// URLs are https (server certificate for "localhost", optionally requiring client certificates).
// Thread-safety: one test thread.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/daemon_e2e/logged_process.h"
#include "tests/daemon_e2e/probe.h"

namespace edgecert::testing {

// PEM files for etcd's client side TLS: the server's certificate and key (SAN "localhost"), the CA that
// signs client certificates, and `client_*`, which Call uses to talk to it.
struct EtcdTls {
  std::filesystem::path ca, server_cert, server_key, client_cert, client_key;
  bool client_cert_auth = true;  // --client-cert-auth: a client without a certificate of `ca` is refused
};

class EtcdCluster {
 public:
  // Starts `members` (1 or 3) under `dir` and waits until every one answers (false on failure).
  EtcdCluster(const std::filesystem::path& dir, int members = 1, std::optional<EtcdTls> tls = std::nullopt);
  ~EtcdCluster();

  bool ready() const { return ready_; }
  // "127.0.0.1:P,127.0.0.1:Q,..." for etcd://ENDPOINTS/PREFIX ("localhost:P,..." with TLS, the name
  // the server certificate holds).
  std::string Endpoints() const;
  std::string ClientUrl(int member) const;
  // One POST to the JSON gateway of `member` (with the client certificate under TLS); `token` goes in
  // the Authorization header when set. Never throws.
  HttpAnswer Call(int member, const std::string& path, const std::string& body, const std::string& token = "") const;
  // The member's process id (for /proc figures in benchmarks).
  pid_t Pid(int member) const { return members_[member]->pid(); }
  void Kill(int member);
  // Starts a killed member again on its ports and data; waits until it answers.
  bool Restart(int member);
  // The log of every member, for failure messages.
  std::string Logs() const;

  // Debian's etcd binary, or "" when it is not installed.
  static std::string Binary();

 private:
  void Start(int member);
  bool WaitAnswering(int member);

  std::filesystem::path dir_;
  std::optional<EtcdTls> tls_;
  std::vector<int> client_ports_;
  std::vector<int> peer_ports_;
  std::vector<std::unique_ptr<LoggedProcess>> members_;
  int starts_ = 0;
  bool ready_ = false;
};

}  // namespace edgecert::testing
