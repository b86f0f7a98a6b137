// `edgecert --version` and `edgecert version` print the version, git commit and build date the build
// recorded; daemon/build_info.cmake (run here on made-up trees) takes the commit from git, marks
// uncommitted changes, says "unknown" outside a checkout, honours SOURCE_DATE_EPOCH and leaves the
// file alone when nothing changed.
#include <gmock/gmock.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/fakes/child_process.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string Output(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  ChildProcess p(args, env, ChildProcess::Capture::kStdout);
  std::string out = p.ReadAll();
  EXPECT_EQ(p.Wait(), 0) << args[0] << " " << (args.size() > 1 ? args[1] : "") << ": " << out;
  return out;
}

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(VersionTest, FlagAndCommandPrintVersionCommitAndBuildDate) {
  const std::string flag = Output({EdgecertBinary(), "--version"});
  const std::string command = Output({EdgecertBinary(), "version"});
  EXPECT_EQ(flag, command);
  EXPECT_THAT(command, MatchesRegex("edgecert " EDGECERT_VERSION " \\(commit ([0-9a-f]{12}(-dirty)?|unknown), built "
                                    "([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)\\)\n"));
}

class BuildInfoScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v git >/dev/null 2>&1") != 0) GTEST_SKIP() << "git is not on PATH";
    ::unsetenv("SOURCE_DATE_EPOCH");
    Git("init -q");
    std::ofstream(tree() / "README") << "one\n";
    Git("add README");
    Git("-c user.name=t -c user.email=t@example.com commit -q -m one");
  }
  std::filesystem::path tree() const { return dir_.path() / "tree"; }
  std::filesystem::path output() const { return dir_.path() / "build_info_generated.cc"; }
  void Git(const std::string& args) {
    std::filesystem::create_directories(tree());
    const std::string command = "git -C '" + tree().string() + "' " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  std::string Head() {
    return Output({"/usr/bin/git", "-C", tree().string(), "rev-parse", "--short=12", "HEAD"}).substr(0, 12);
  }
  // Runs the script on `source`; `env` such as SOURCE_DATE_EPOCH=...
  std::string Generate(const std::filesystem::path& source, const std::vector<std::string>& env = {}) {
    Output({"/usr/bin/cmake", "-DSOURCE_DIR=" + source.string(), "-DOUTPUT=" + output().string(), "-DVERSION=9.8.7",
            "-P", std::string(EDGECERT_SOURCE_DIR_PATH) + "/daemon/build_info.cmake"},
           env);
    return Read(output());
  }

  TempDir dir_;
};

TEST_F(BuildInfoScriptTest, CommitFromGitAndDateFromSourceDateEpoch) {
  const std::string text = Generate(tree(), {"SOURCE_DATE_EPOCH=1700000000"});
  EXPECT_THAT(text, HasSubstr("{\"9.8.7\", \"" + Head() + "\", \"2023-11-14T22:13:20Z\"}")) << text;
}

TEST_F(BuildInfoScriptTest, UncommittedChangesMarkTheCommitDirty) {
  std::ofstream(tree() / "README") << "two\n";
  EXPECT_THAT(Generate(tree(), {"SOURCE_DATE_EPOCH=1700000000"}), HasSubstr("\"" + Head() + "-dirty\""));
}

TEST_F(BuildInfoScriptTest, OutsideAGitCheckoutTheCommitIsUnknown) {
  // A plain directory inside the repository is not that repository's top: unknown, not its commit.
  std::filesystem::create_directories(tree() / "unpacked");
  EXPECT_THAT(Generate(tree() / "unpacked", {"SOURCE_DATE_EPOCH=0"}),
              HasSubstr("{\"9.8.7\", \"unknown\", \"1970-01-01T00:00:00Z\"}"));
}

// A build without .git (the container build) is told its commit; an empty SOURCE_DATE_EPOCH (an
// unset build argument) means the current time.
TEST_F(BuildInfoScriptTest, TheCallerMayNameTheCommit) {
  std::filesystem::create_directories(dir_.path() / "context");
  EXPECT_THAT(Generate(dir_.path() / "context", {"EDGECERT_GIT_COMMIT=0123456789ab-dirty", "SOURCE_DATE_EPOCH=0"}),
              HasSubstr("{\"9.8.7\", \"0123456789ab-dirty\", \"1970-01-01T00:00:00Z\"}"));
  EXPECT_THAT(Generate(dir_.path() / "context", {"EDGECERT_GIT_COMMIT=0123456789ab", "SOURCE_DATE_EPOCH="}),
              MatchesRegex("(.|\n)*\"0123456789ab\", \"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\"(.|\n)*"));
  EXPECT_THAT(Generate(dir_.path() / "context", {"EDGECERT_GIT_COMMIT=", "SOURCE_DATE_EPOCH=0"}),
              HasSubstr("\"unknown\""));
}

TEST_F(BuildInfoScriptTest, AnUnchangedBuildKeepsTheFileAndANewCommitRewritesIt) {
  const std::string first = Generate(tree());
  EXPECT_THAT(first, MatchesRegex("(.|\n)*\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\"(.|\n)*"));
  const auto written = std::filesystem::last_write_time(output());
  EXPECT_EQ(Generate(tree()), first);
  EXPECT_EQ(std::filesystem::last_write_time(output()), written) << "rewritten though nothing changed";

  std::ofstream(tree() / "README") << "two\n";
  Git("-c user.name=t -c user.email=t@example.com commit -q -am two");
  EXPECT_THAT(Generate(tree()), HasSubstr("\"9.8.7\", \"" + Head() + "\""));
}

}  // namespace
}  // namespace edgecert::testing
