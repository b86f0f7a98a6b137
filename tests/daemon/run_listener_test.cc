// `edgecert run` as a process under RLIMIT_NOFILE 1024 (set with prlimit before exec), held by 1050
// idle connections to its operator listener: its descriptors stay bounded, /healthz and /metrics keep
// answering, a manifest reload still opens its files, and the descriptors come back afterwards.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <thread>

#include "tests/fakes/child_process.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/httpd/raw_connection.h"

namespace edgecert::testing {
namespace {

using httpd::testing::RawConnection;

std::size_t OpenDescriptors(pid_t pid) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++n;
  }
  return n;
}

std::string Get(int port, const std::string& path) {
  RawConnection c(port);
  if (!c.Send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n")) return "";
  return c.ReadUntil([](const std::string& t) { return t.find("\r\n\r\n") != std::string::npos; });
}

TEST(RunListenerTest, IdleConnectionsPastTheDescriptorLimitLeaveTheDaemonWorking) {
  ReconcileHarness dir;
  dir.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml());
  ChildProcess run(
      {"/usr/bin/prlimit", "--nofile=1024:1024", "--", EdgecertBinary(), "run", dir.manifest_dir().string(),
       "--api-url", dir.api_url(), "--state-dir", (dir.state_dir() / "run").string(), "--listen", "127.0.0.1:0"},
      {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"}, ChildProcess::Capture::kStderr);
  const std::string line = run.ReadLineWith("operator endpoints on http://127.0.0.1:");
  ASSERT_NE(line, "") << run.transcript();
  const int port = std::stoi(line.substr(line.find("127.0.0.1:") + 10));
  ASSERT_NE(Get(port, "/healthz").find("HTTP/1.1 200"), std::string::npos);
  const std::size_t baseline = OpenDescriptors(run.pid());

  std::vector<std::unique_ptr<RawConnection>> idle;
  for (int i = 0; i < 1050; ++i) {
    idle.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(idle.back()->connected()) << i;
  }
  // A new request still gets in (the longest-waiting idle connections were closed to make room).
  EXPECT_NE(Get(port, "/healthz").find("HTTP/1.1 200"), std::string::npos);
  EXPECT_NE(Get(port, "/metrics").find("HTTP/1.1 200"), std::string::npos);
  // The listener holds at most its cap (64) and what it is closing; far from the limit of 1024.
  EXPECT_LT(OpenDescriptors(run.pid()), baseline + 2 * 64 + 8);
  // A reload opens the manifest files: it succeeds.
  run.Signal(SIGHUP);
  ASSERT_NE(run.ReadLineWith("reloading the manifests"), "") << run.transcript();
  EXPECT_NE(run.ReadLineWith("manifest").find("manifests reloaded: unchanged"), std::string::npos) << run.transcript();

  idle.clear();
  bool back = false;
  for (int i = 0; i < 500 && !back; ++i) {
    back = OpenDescriptors(run.pid()) <= baseline;
    if (!back) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(back) << OpenDescriptors(run.pid()) << " descriptors open, " << baseline << " before";
  run.Signal(SIGTERM);
  EXPECT_EQ(run.Wait(), 0) << run.transcript();
}

}  // namespace
}  // namespace edgecert::testing
