// `edgecert run` with CLOUDFLARE_API_TOKEN_FILE follows the file: against an emulator that knows an
// old and a new token, the daemon orders with the old one; an empty file keeps the old token in use
// (the error names the file); once the file holds the new token and the emulator has revoked the old
// one (as rolling a token in Cloudflare does), the next orders go out with the new token. No token
// reaches the log.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "tests/daemon_e2e/e2e_fixture.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kOld[] = "rotation-old-token-0123456789";
constexpr char kNew[] = "rotation-new-token-9876543210";

// The emulator's default accounts and zones; the credentials "admin" (the fixture's helper calls),
// "old" and "new".
std::string EmulatorConfigYaml() {
  std::string credentials;
  for (const auto& [name, token] : {std::pair{"admin", "edgecert-emulator-edit-token"}, {"old", kOld}, {"new", kNew}}) {
    credentials += std::string("  - {name: ") + name + ", token: " + token +
                   ", permission: edit, zones: [\"*\"], accounts: [\"*\"]}\n";
  }
  return "accounts:\n  - name: Emulator Account\nzones:\n"
         "  - {name: example.com, account: Emulator Account}\n"
         "  - {name: example.net, account: Emulator Account}\n"
         "credentials:\n" +
         credentials;
}

class TokenRotationTest : public DaemonE2eTest {
 protected:
  // Replaces the token file the way an operator's tooling does: a new file renamed over the old.
  void WriteToken(const std::string& text) {
    std::ofstream(token_file_.string() + ".tmp") << text;
    std::filesystem::rename(token_file_.string() + ".tmp", token_file_);
  }
  // The credential the emulator recorded for the order of the pack covering `host`.
  std::string OrderedWith(const std::string& host) {
    const auto history = History(0, "certificate_pack");
    for (const auto& e : history.as_array()) {
      if (e.at("action").as_string() != "create") continue;
      for (const auto& h : e.at("object").at("hosts").as_array()) {
        if (h.as_string() == host) return e.at("credential").as_string();
      }
    }
    return "";
  }

  std::filesystem::path token_file_;
};

TEST_F(TokenRotationTest, ARotatedTokenFileIsUsedWithoutARestart) {
  const auto config = dir_.path() / "emulator.yaml";
  std::ofstream(config) << EmulatorConfigYaml();
  StartEmulator({"--time-scale", "200", "--config", config.string()});
  token_file_ = dir_.path() / "token";
  WriteToken(std::string(kOld) + "\n");

  std::vector<Pack> packs = {{"www", {"example.com", "www.example.com"}}};
  WriteManifests(ManifestsYaml(packs));
  StartDaemon({"--token-file-interval", "100ms"}, {"CLOUDFLARE_API_TOKEN_FILE=" + token_file_.string()});
  ASSERT_TRUE(WaitFor("the first pack Ready", [&] { return AllReady(1); }));
  EXPECT_EQ(OrderedWith("www.example.com"), "old");

  // An empty file (a half-done rotation): the old token stays in use, the error names the file.
  WriteToken("");
  ASSERT_TRUE(WaitFor("the empty file reported", [&] {
    return DaemonLog().find("names an empty file: " + token_file_.string()) != std::string::npos;
  }));
  packs.push_back({"api", {"example.com", "api.example.com"}});
  WriteManifests(ManifestsYaml(packs));
  ASSERT_TRUE(WaitFor("the second pack Ready", [&] { return AllReady(2); }));
  EXPECT_EQ(OrderedWith("api.example.com"), "old");

  // The new token in the file, the old one revoked: only the new one is accepted from now on.
  WriteToken(std::string(kNew) + "\n");
  ASSERT_TRUE(WaitFor("the rotation picked up", [&] {
    return DaemonLog().find("the API token in " + token_file_.string() + " changed") != std::string::npos;
  }));
  ASSERT_EQ(Http(admin_url_, "POST", "/__emulator/credentials/revoke", R"({"name":"old"})").status, 200);
  packs.push_back({"shop", {"example.net", "shop.example.net"}, "example-net"});
  WriteManifests(ManifestsYaml(packs));
  ASSERT_TRUE(WaitFor("the third pack Ready", [&] { return AllReady(3); }));
  EXPECT_EQ(OrderedWith("shop.example.net"), "new");
  for (const auto& [series, value] : Metrics()) {
    if (series.find("code=\"401\"") != std::string::npos) {
      EXPECT_EQ(value, 0) << series << ": a revoked token was used";
    }
  }

  EXPECT_EQ(StopDaemon(), 0);
  EXPECT_THAT(DaemonLog(), Not(HasSubstr(kOld)));
  EXPECT_THAT(DaemonLog(), Not(HasSubstr(kNew)));
}

}  // namespace
}  // namespace edgecert::testing
