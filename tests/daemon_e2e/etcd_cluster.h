// EtcdCluster: Debian's etcd started by a test: one or three members on free loopback ports, data in a
// temp dir, killed and removed at the end. Members can be killed (SIGKILL), stopped and started again
// on the same ports and data, so tests can take etcd away and bring it back.
// Thread-safety: one test thread.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tests/daemon_e2e/logged_process.h"

namespace edgecert::testing {

class EtcdCluster {
 public:
  // Starts `members` (1 or 3) under `dir` and waits until every one answers (false on failure).
  EtcdCluster(const std::filesystem::path& dir, int members = 1);
  ~EtcdCluster();

  bool ready() const { return ready_; }
  // "127.0.0.1:P,127.0.0.1:Q,..." for etcd://ENDPOINTS/PREFIX.
  std::string Endpoints() const;
  std::string ClientUrl(int member) const { return "http://127.0.0.1:" + std::to_string(client_ports_[member]); }
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
  std::vector<int> client_ports_;
  std::vector<int> peer_ports_;
  std::vector<std::unique_ptr<LoggedProcess>> members_;
  int starts_ = 0;
  bool ready_ = false;
};

}  // namespace edgecert::testing
