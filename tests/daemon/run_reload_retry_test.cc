// `edgecert run` as a process whose manifest reload fails with EMFILE: the test lowers the running
// daemon's RLIMIT_NOFILE soft limit to 3 (prlimit --pid), so no new descriptor can be opened, then
// edits the manifests. The load fails with "Too many open files", the daemon retries on its own after
// 1 s and 2 s (backoff), and once the test restores the limit the next retry loads the edit, with no
// further change or SIGHUP: the new object shows up on /status and the load metric is 1 again.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "tests/daemon/http_get.h"
#include "tests/daemon/metrics_text.h"
#include "tests/fakes/child_process.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/core_e2e/core_fixture.h"

namespace edgecert::testing {
namespace {

using daemon::testing::HttpRequest;
using daemon::testing::ParseMetricsText;

// Sets the soft RLIMIT_NOFILE of a running process (the hard limit stays).
void SetSoftFileLimit(pid_t pid, int soft) {
  const std::string command =
      "/usr/bin/prlimit --pid " + std::to_string(pid) + " --nofile=" + std::to_string(soft) + ":";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(RunReloadRetryTest, AReloadThatFailedWithEmfileIsRetriedUntilItLoads) {
  ReconcileHarness dir;
  dir.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml());
  ChildProcess run({"/usr/bin/prlimit", "--nofile=1024:1024", "--", EdgecertBinary(), "run",
                    dir.manifest_dir().string(), "--api-url", dir.api_url(), "--state-dir",
                    (dir.state_dir() / "run").string(), "--listen", "127.0.0.1:0", "--watch-debounce", "50ms"},
                   {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"}, ChildProcess::Capture::kStderr);
  const std::string line = run.ReadLineWith("operator endpoints on http://127.0.0.1:");
  ASSERT_NE(line, "") << run.transcript();
  const std::string ops = "http://127.0.0.1:" + std::to_string(std::stoi(line.substr(line.find("127.0.0.1:") + 10)));
  ASSERT_EQ(ParseMetricsText(HttpRequest(ops, "/metrics").body).at("edgecert_manifest_last_load_successful"), 1);

  // Out of descriptors: descriptors 0-2 are open, so nothing new can be opened.
  SetSoftFileLimit(run.pid(), 3);
  dir.WriteFile("manifests.yaml",
                ReconcileHarness::ScopesYaml() + "---\n" + PackYaml({"www", {"example.com", "www.example.com"}}));
  ASSERT_NE(run.ReadLineWith("Too many open files"), "") << run.transcript();
  ASSERT_NE(run.ReadLineWith("transient reason; trying again in 1000 ms"), "") << run.transcript();
  // The retry fails again (the limit is still low) and backs off further.
  ASSERT_NE(run.ReadLineWith("transient reason; trying again in 2000 ms"), "") << run.transcript();

  // Descriptors free again: the next retry, on its own, loads the edit.
  SetSoftFileLimit(run.pid(), 1024);
  ASSERT_NE(run.ReadLineWith("reloading the manifests: the last load failed for a transient reason"), "")
      << run.transcript();
  bool loaded = false;
  std::map<std::string, double> metrics;
  for (int i = 0; i < 600 && !loaded; ++i) {
    metrics = ParseMetricsText(HttpRequest(ops, "/metrics").body);
    loaded = metrics["edgecert_manifest_last_load_successful"] == 1 &&
             HttpRequest(ops, "/status").body.find("\"www\"") != std::string::npos;
    if (!loaded) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(loaded) << run.transcript();
  EXPECT_GE(metrics["edgecert_manifest_load_errors_total"], 2);
  EXPECT_EQ(HttpRequest(ops, "/readyz").body.find("manifest load failed"), std::string::npos);
  run.Signal(SIGTERM);
  EXPECT_EQ(run.Wait(), 0) << run.transcript();
}

}  // namespace
}  // namespace edgecert::testing
