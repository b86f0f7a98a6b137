// deploy/systemd/edgecert.service: `systemd-analyze verify` accepts it (run on a copy whose ExecStart
// is the edgecert just built, since verify needs the program to exist), its exposure score from
// `systemd-analyze security --offline=yes` is 2.0 or lower, it keeps the settings docs/deploy.md
// describes, and edgecert knows every flag its ExecStart passes.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "tests/deploy/tool_run.h"
#include "tests/fakes/child_process.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {
namespace {

std::filesystem::path UnitPath() { return SourceDir() / "deploy/systemd/edgecert.service"; }

// The unit as shipped with /usr/bin/edgecert replaced by `binary`, written as DIR/edgecert.service.
std::filesystem::path CopyWithBinary(const std::filesystem::path& dir, const std::string& binary) {
  std::string unit = ReadFile(UnitPath());
  const std::string shipped = "/usr/bin/edgecert";
  for (auto at = unit.find(shipped); at != std::string::npos; at = unit.find(shipped, at + binary.size())) {
    unit.replace(at, shipped.size(), binary);
  }
  const auto path = dir / "edgecert.service";
  std::ofstream(path) << unit;
  return path;
}

// Every "Key=value" line of the unit, in order.
std::vector<std::pair<std::string, std::string>> Settings() {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(ReadFile(UnitPath()));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '[') continue;
    const auto eq = line.find('=');
    if (eq != std::string::npos) out.emplace_back(line.substr(0, eq), line.substr(eq + 1));
  }
  return out;
}

std::string Setting(const std::string& key) {
  for (const auto& [k, v] : Settings()) {
    if (k == key) return v;
  }
  return "<unset>";
}

TEST(SystemdUnitTest, VerifyAcceptsTheUnit) {
  ASSERT_TRUE(OnPath("systemd-analyze")) << "systemd-analyze is missing: bash scripts/deps.sh";
  TempDir dir;
  const auto unit = CopyWithBinary(dir.path(), EdgecertBinary());
  const auto verify = RunTool({"systemd-analyze", "verify", "--man=no", unit.string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_EQ(verify.output.find("edgecert.service:"), std::string::npos) << verify.output;
}

TEST(SystemdUnitTest, ExposureIsTwoOrLower) {
  ASSERT_TRUE(OnPath("systemd-analyze")) << "systemd-analyze is missing: bash scripts/deps.sh";
  const auto security = RunTool({"systemd-analyze", "security", "--offline=yes", UnitPath().string()});
  std::smatch match;
  const std::regex overall(R"(Overall exposure level for edgecert\.service: ([0-9]+\.[0-9]+))");
  ASSERT_TRUE(std::regex_search(security.output, match, overall)) << security.output;
  const double exposure = std::stod(match[1].str());
  // docs/deploy.md states the score; keep them in step when the unit changes.
  EXPECT_LE(exposure, 2.0) << security.output;
  EXPECT_NE(ReadFile(SourceDir() / "docs/deploy.md").find("exposure " + match[1].str()), std::string::npos)
      << "docs/deploy.md does not state the exposure " << match[1].str();
}

TEST(SystemdUnitTest, KeepsTheServiceContract) {
  EXPECT_EQ(Setting("Type"), "notify");
  EXPECT_NE(Setting("WatchdogSec"), "<unset>");
  EXPECT_EQ(Setting("ExecReload"), "/bin/kill -HUP $MAINPID");
  EXPECT_EQ(Setting("StateDirectory"), "edgecert");
  EXPECT_EQ(Setting("LoadCredential"), "cloudflare-api-token:/etc/edgecert/cloudflare-api-token");
  EXPECT_EQ(Setting("Environment"), "CLOUDFLARE_API_TOKEN_FILE=%d/cloudflare-api-token");
  EXPECT_EQ(Setting("DynamicUser"), "yes");
  EXPECT_EQ(Setting("CapabilityBoundingSet"), "");
  EXPECT_EQ(Setting("ProtectSystem"), "strict");
  EXPECT_EQ(Setting("MemoryDenyWriteExecute"), "yes");
  EXPECT_EQ(Setting("SystemCallFilter"), "@system-service");
}

TEST(SystemdUnitTest, EdgecertKnowsEveryFlagOfExecStart) {
  const std::string exec_start = Setting("ExecStart");
  ASSERT_EQ(exec_start.rfind("/usr/bin/edgecert run /etc/edgecert/manifests ", 0), 0u)
      << "the manifests are run's DIR argument: " << exec_start;
  const auto help = RunTool({EdgecertBinary(), "run", "--help"});
  ASSERT_EQ(help.exit_code, 0) << help.output;
  std::istringstream words(exec_start);
  std::string word;
  int flags = 0;
  while (words >> word) {
    if (word.rfind("--", 0) != 0) continue;
    ++flags;
    EXPECT_NE(help.output.find(word), std::string::npos) << "edgecert run does not know " << word;
  }
  EXPECT_GE(flags, 2);  // --state-dir, --listen
}

}  // namespace
}  // namespace edgecert::testing
