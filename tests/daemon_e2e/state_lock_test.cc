// One writer per state dir: `apply` beside a running `run`, and three `apply` started at once, on one
// state dir against one emulator. Exactly one writes; the others exit 1 at once with a message naming
// the state dir and the holder; the emulator holds no duplicate pack. `plan` reads beside the writer.
#include <gmock/gmock.h>
#include <signal.h>

#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;

const std::vector<Pack> kPacks = {{"a", {"example.com", "a.example.com"}}, {"b", {"example.com", "b.example.com"}},
                                  {"c", {"example.net", "c.example.net"}, "example-net"},
                                  {"d", {"example.net", "d.example.net"}, "example-net"}};

class StateLockProcessTest : public DaemonE2eTest {
 protected:
  std::vector<std::string> ApplyArgs() const {
    return {EdgecertBinary(), "apply", manifest_dir().string(), "--api-url", api_url(), "--state-dir",
            state_dir().string()};
  }
  // Runs `edgecert COMMAND DIR --api-url .. --state-dir .. EXTRA` with the emulator's token to its exit.
  CommandResult Edgecert(const std::string& command, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = ApplyArgs();
    args[1] = command;
    args.insert(args.end(), extra.begin(), extra.end());
    LoggedProcess process(args, {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"},
                          dir_.path() / (command + "-" + std::to_string(++commands_) + ".log"));
    const auto code = process.WaitExit(std::chrono::seconds(60));
    return CommandResult{code.value_or(-1), process.Log()};
  }
  static std::string EdgecertBinary() {
    const char* env = std::getenv("EDGECERT_BINARY");
    return env != nullptr ? env : EDGECERT_BINARY_PATH;
  }
  void ExpectNoDuplicate(std::size_t packs) {
    auto live = LivePacks();
    EXPECT_EQ(live.size(), packs);
    for (const auto& [hosts, ids] : live) EXPECT_EQ(ids.size(), 1u) << "duplicate packs for " << hosts;
  }
  int commands_ = 0;
};

TEST_F(StateLockProcessTest, ApplyBesideRunIsRefusedNamingTheDaemonAndPlanStillReads) {
  StartEmulator();
  WriteManifests(ManifestsYaml(kPacks));
  StartDaemon();
  ASSERT_TRUE(WaitFor("every pack Ready", [&] { return AllReady(kPacks.size()); }));

  const CommandResult apply = Edgecert("apply");
  EXPECT_EQ(apply.exit_code, 1) << apply.output;
  EXPECT_THAT(apply.output, HasSubstr("state dir " + state_dir().string() + " is locked by PID " +
                                      std::to_string(daemon()->pid()) + " (edgecert run "));
  EXPECT_THAT(apply.output, HasSubstr("Stop that process first"));

  const CommandResult plan = Edgecert("plan", {"--detailed-exitcode"});
  EXPECT_EQ(plan.exit_code, 0) << plan.output;
  EXPECT_THAT(plan.output, HasSubstr("No changes"));
  ExpectNoDuplicate(kPacks.size());
}

TEST_F(StateLockProcessTest, ThreeAppliesAtOnceOneWritesTheOthersAreRefused) {
  StartEmulator();
  // Slow calls keep the first apply busy (and its lock held) while the others start.
  SetFaults(R"({"latency": [{"route": "*", "min_ms": 100, "max_ms": 150}]})");
  WriteManifests(ManifestsYaml(kPacks));
  std::vector<std::unique_ptr<LoggedProcess>> applies;
  for (int i = 0; i < 3; ++i) {
    applies.push_back(std::make_unique<LoggedProcess>(
        ApplyArgs(), std::vector<std::string>{"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"},
        dir_.path() / ("apply-" + std::to_string(i) + ".log")));
  }
  int wrote = 0, refused = 0;
  for (auto& apply : applies) {
    const auto code = apply->WaitExit(std::chrono::seconds(60));
    ASSERT_TRUE(code.has_value()) << apply->Log();
    if (*code == 0) {
      ++wrote;
      EXPECT_THAT(apply->Log(), HasSubstr("Apply complete"));
    } else {
      ++refused;
      EXPECT_EQ(*code, 1) << apply->Log();
      // The holder may have taken the lock a moment before writing its PID; then the refusal says so.
      const std::string log = apply->Log();
      const bool named = log.find("is locked by PID ") != std::string::npos &&
                         log.find("(edgecert apply ") != std::string::npos;
      const bool starting = log.find("is locked by another process (it is just starting") != std::string::npos;
      EXPECT_TRUE(named || starting) << log;
      EXPECT_THAT(log, HasSubstr("state dir " + state_dir().string() + " is locked by "));
    }
  }
  EXPECT_EQ(wrote, 1);
  EXPECT_EQ(refused, 2);
  ExpectNoDuplicate(kPacks.size());

  // The lock went with its holder: the next apply writes (and has nothing left to order).
  SetFaults("{}");
  LoggedProcess again(ApplyArgs(), {"CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token"}, dir_.path() / "again.log");
  const auto code = again.WaitExit(std::chrono::seconds(30));
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << again.Log();
  ExpectNoDuplicate(kPacks.size());
}

}  // namespace
}  // namespace edgecert::testing
