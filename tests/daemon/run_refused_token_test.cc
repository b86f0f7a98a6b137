// `edgecert run` as a process with a token the emulator never issued: /readyz says the API refused the
// credentials, with the HTTP status and the API's error code, instead of "the API has not answered",
// and the token itself shows nowhere in the answer.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/daemon/http_get.h"
#include "tests/fakes/child_process.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/core_e2e/core_fixture.h"

namespace edgecert::testing {
namespace {

using daemon::testing::HttpRequest;

TEST(RunRefusedTokenTest, ReadyzSaysTheApiRefusedTheCredentialsWithItsCode) {
  ReconcileHarness dir;
  dir.WriteFile("manifests.yaml",
                ReconcileHarness::ScopesYaml() + "---\n" + PackYaml({"www", {"example.com", "www.example.com"}}));
  ChildProcess run({EdgecertBinary(), "run", dir.manifest_dir().string(), "--api-url", dir.api_url(), "--state-dir",
                    (dir.state_dir() / "run").string(), "--listen", "127.0.0.1:0"},
                   {"CLOUDFLARE_API_TOKEN=a-token-the-emulator-never-issued"}, ChildProcess::Capture::kStderr);
  const std::string line = run.ReadLineWith("operator endpoints on http://127.0.0.1:");
  ASSERT_NE(line, "") << run.transcript();
  const std::string ops = "http://127.0.0.1:" + std::to_string(std::stoi(line.substr(line.find("127.0.0.1:") + 10)));
  std::string body;
  for (int i = 0; i < 400 && body.find("refused") == std::string::npos; ++i) {
    body = HttpRequest(ops, "/readyz").body;
    if (body.find("refused") == std::string::npos) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(HttpRequest(ops, "/readyz").status, 503);
  EXPECT_NE(body.find("the API refused the credentials"), std::string::npos) << body;
  EXPECT_NE(body.find("HTTP 401"), std::string::npos) << body;
  EXPECT_NE(body.find("[9109]"), std::string::npos) << body;
  EXPECT_EQ(body.find("a-token-the-emulator-never-issued"), std::string::npos) << "the token leaked: " << body;
  run.Signal(SIGTERM);
  run.Wait();
}

}  // namespace
}  // namespace edgecert::testing
