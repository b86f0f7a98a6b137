// DaemonMetrics as the observer of the real client stack, over HTTP against the real emulator: the
// client's calls show up by endpoint template, and neither ids nor the token reach the output.
#include <gmock/gmock.h>
#include <spdlog/sinks/null_sink.h>

#include "api/client/client_stack.h"
#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "daemon/metrics.h"
#include "tests/daemon/metrics_text.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsClientE2E, ClientCallsAreCountedByEndpointTemplate) {
  FakeClock clock;
  emulator::Emulator emu({}, clock);
  emulator::EmulatorServer server(emu);
  ASSERT_TRUE(server.Start("127.0.0.1", 0).ok());

  DaemonMetrics metrics({"1.0.0"});
  api::ClientStackOptions options;
  options.transport.base_url = server.base_url() + emulator::kApiPrefix;
  const api::Environment env = {{"CLOUDFLARE_API_TOKEN", emulator::kDefaultEditToken}};
  auto logger = std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
  auto stack = api::ClientStack::Create(options, env, clock, metrics, logger);
  ASSERT_TRUE(stack.ok()) << stack.status().ToString();

  auto zone = (*stack)->client().ZoneIdByName("example.com");
  ASSERT_TRUE(zone.ok()) << zone.status().ToString();
  auto packs = (*stack)->client().ListCertificatePacks(*zone);
  ASSERT_TRUE(packs.ok()) << packs.status().ToString();

  const std::string text = metrics.Serialize();
  auto s = ParseMetricsText(text);
  double packs_lists = 0;
  double all_requests = 0;
  for (const auto& [series, value] : s) {
    if (series.rfind("edgecert_api_requests_total{", 0) != 0) continue;
    all_requests += value;
    if (series.find("endpoint=\"/zones/{zone_id}/ssl/certificate_packs\"") != std::string::npos &&
        series.find("code=\"200\"") != std::string::npos && series.find("method=\"GET\"") != std::string::npos) {
      packs_lists += value;
    }
  }
  EXPECT_GE(packs_lists, 1) << text;
  EXPECT_GE(all_requests, 2) << text;
  EXPECT_EQ(s["edgecert_api_requests_in_flight"], 0);
  EXPECT_THAT(text, Not(HasSubstr(*zone)));
  EXPECT_THAT(text, Not(HasSubstr(emulator::kDefaultEditToken)));
  server.Stop();
}

}  // namespace
}  // namespace edgecert::daemon::testing
