// `edgecert run` as a process with NOTIFY_SOCKET set to a unix datagram socket the test reads, as
// systemd does for Type=notify units: READY=1 with a STATUS= line once a desired state is loaded,
// WATCHDOG=1 every half WATCHDOG_USEC while the loop is alive, STOPPING=1 on SIGTERM.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/fakes/child_process.h"
#include "tests/fakes/reconcile_harness.h"

namespace edgecert::testing {
namespace {

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    path.copy(addr.sun_path, sizeof(addr.sun_path) - 1);
    bound_ = fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~NotifySocket() {
    if (fd_ >= 0) close(fd_);
    unlink(path_.c_str());
  }
  bool bound() const { return bound_; }

  // Reads datagrams until one contains `needle` (true) or 10 s pass (false); keeps every one read.
  bool WaitFor(const std::string& needle) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buffer[4096];
      const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
      if (n <= 0) continue;
      received_.emplace_back(buffer, static_cast<size_t>(n));
      if (received_.back().find(needle) != std::string::npos) return true;
    }
    return false;
  }
  std::string Transcript() const {
    std::string all;
    for (const auto& m : received_) all += "[" + m + "] ";
    return all;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
  std::vector<std::string> received_;
};

TEST(RunNotifyTest, TellsSystemdReadyStatusWatchdogAndStopping) {
  ReconcileHarness dir;
  dir.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml());
  const std::string path = (dir.state_dir() / "notify.sock").string();
  NotifySocket notify(path);
  ASSERT_TRUE(notify.bound()) << path;
  ChildProcess run(
      {EdgecertBinary(), "run", dir.manifest_dir().string(), "--api-url", dir.api_url(), "--state-dir",
       (dir.state_dir() / "run").string(), "--listen", "127.0.0.1:0"},
      {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token", "NOTIFY_SOCKET=" + path, "WATCHDOG_USEC=400000"},
      ChildProcess::Capture::kStderr);
  ASSERT_TRUE(notify.WaitFor("READY=1\nSTATUS=reconciling ")) << notify.Transcript();
  // The loop is alive: pinged every 200 ms.
  ASSERT_TRUE(notify.WaitFor("WATCHDOG=1")) << notify.Transcript();
  ASSERT_TRUE(notify.WaitFor("WATCHDOG=1")) << notify.Transcript();
  run.Signal(SIGTERM);
  ASSERT_TRUE(notify.WaitFor("STOPPING=1")) << notify.Transcript();
  EXPECT_EQ(run.Wait(), 0) << run.transcript();
}

}  // namespace
}  // namespace edgecert::testing
