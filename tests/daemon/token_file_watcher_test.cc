// TokenFileWatcher: a rotated token file (a Kubernetes Secret's symlink swap, a rewrite in place)
// reaches the client; an empty, malformed or missing file keeps the token in use and logs one error
// naming the file; the token never reaches the log.
#include "daemon/token_file_watcher.h"

#include <gmock/gmock.h>
#include <spdlog/sinks/ostream_sink.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "tests/reconcile/temp_dir.h"

namespace edgecert::daemon::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using Outcome = TokenFileWatcher::Outcome;

constexpr char kOld[] = "old-token-0123456789";
constexpr char kNew[] = "new-token-9876543210";

class TokenFileWatcherTest : public ::testing::Test {
 protected:
  TokenFileWatcherTest() : logger_("token", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_)) {}

  // What the kubelet writes for a Secret volume: token -> ..data/token, ..data -> ..<timestamp>.
  void WriteSecretVersion(const std::string& version, const std::string& token) {
    fs::create_directories(dir_.path() / version);
    std::ofstream(dir_.path() / version / "token") << token << "\n";
    fs::create_directory_symlink(version, dir_.path() / "..data_tmp");
    fs::rename(dir_.path() / "..data_tmp", dir_.path() / "..data");  // the atomic swap
    if (!fs::is_symlink(fs::symlink_status(path()))) fs::create_symlink("..data/token", path());
  }
  fs::path path() const { return dir_.path() / "token"; }

  TokenFileWatcher Watcher() {
    return TokenFileWatcher(
        path().string(), api::Credentials::ApiToken(Secret(kOld)),
        [this](api::Credentials c) { applied_ = c.AuthHeaders().front().second; }, logger_);
  }

  edgecert::testing::TempDir dir_;
  std::ostringstream log_;
  spdlog::logger logger_;
  std::optional<std::string> applied_;  // the Authorization header of the last credentials applied
};

TEST_F(TokenFileWatcherTest, AKubernetesSecretUpdateReachesTheClient) {
  WriteSecretVersion("..2026_01_01_00_00_00.1", kOld);
  TokenFileWatcher watcher = Watcher();
  EXPECT_EQ(watcher.Check(), Outcome::kUnchanged);
  EXPECT_FALSE(applied_);

  WriteSecretVersion("..2026_01_02_00_00_00.2", kNew);
  EXPECT_EQ(watcher.Check(), Outcome::kRotated);
  EXPECT_EQ(applied_, std::string("Bearer ") + kNew);
  EXPECT_EQ(watcher.Check(), Outcome::kUnchanged);
  EXPECT_THAT(log_.str(), HasSubstr("the API token in " + path().string() + " changed"));
  EXPECT_THAT(log_.str(), Not(HasSubstr(kNew)));
  EXPECT_THAT(log_.str(), Not(HasSubstr(kOld)));
}

TEST_F(TokenFileWatcherTest, ABadFileKeepsTheTokenInUseAndSaysWhichFile) {
  std::ofstream(path()) << kOld << "\n";
  TokenFileWatcher watcher = Watcher();
  EXPECT_EQ(watcher.Check(), Outcome::kUnchanged);

  std::ofstream(path(), std::ios::trunc) << "\n";
  EXPECT_EQ(watcher.Check(), Outcome::kRejected);
  EXPECT_FALSE(applied_);
  EXPECT_THAT(log_.str(), HasSubstr("CLOUDFLARE_API_TOKEN_FILE names an empty file: " + path().string()));
  EXPECT_THAT(log_.str(), HasSubstr("the token read before stays in use"));
  const std::string logged_once = log_.str();
  EXPECT_EQ(watcher.Check(), Outcome::kUnchanged);  // the same bad file is not logged again
  EXPECT_EQ(log_.str(), logged_once);

  std::ofstream(path(), std::ios::trunc) << "two words\n";
  EXPECT_EQ(watcher.Check(), Outcome::kRejected);
  EXPECT_THAT(log_.str(), HasSubstr("CLOUDFLARE_API_TOKEN_FILE is malformed: " + path().string()));
  EXPECT_THAT(log_.str(), Not(HasSubstr("two words")));

  fs::remove(path());
  EXPECT_EQ(watcher.Check(), Outcome::kRejected);
  EXPECT_THAT(log_.str(), HasSubstr("cannot be read: " + path().string()));
  EXPECT_FALSE(applied_);

  std::ofstream(path()) << kNew << "\n";
  EXPECT_EQ(watcher.Check(), Outcome::kRotated);
  EXPECT_EQ(applied_, std::string("Bearer ") + kNew);
  EXPECT_THAT(log_.str(), Not(HasSubstr(kNew)));
}

TEST_F(TokenFileWatcherTest, StartedItChecksOnItsOwn) {
  std::ofstream(path()) << kOld << "\n";
  std::mutex mu;
  std::optional<std::string> applied;
  TokenFileWatcher watcher(
      path().string(), api::Credentials::ApiToken(Secret(kOld)),
      [&](api::Credentials c) {
        std::lock_guard lock(mu);
        applied = c.AuthHeaders().front().second;
      },
      logger_);
  watcher.Start(std::chrono::milliseconds(10));
  std::ofstream(path(), std::ios::trunc) << kNew << "\n";
  bool rotated = false;
  for (int i = 0; i < 1000 && !rotated; ++i) {
    {
      std::lock_guard lock(mu);
      rotated = applied == std::string("Bearer ") + kNew;
    }
    if (!rotated) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(rotated);
}

}  // namespace
}  // namespace edgecert::daemon::testing
