// Colour in human output, the program run as a process: never when piped, always with --color always,
// on a terminal (a pseudo-terminal from script(1)) unless NO_COLOR is set or --color never.
#include <gmock/gmock.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "tests/daemon/run_edgecert.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;

bool HasEscape(const std::string& s) { return s.find('\033') != std::string::npos; }

class ColorOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "edgecert-color-XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
    std::ofstream(dir_ / "broken.yaml") << "apiVersion: edgecert.io/v1\nkind: NoSuchKind\nmetadata:\n  name: x\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // `edgecert ARGS` on a pseudo-terminal: script(1) gives it one as stdin, stdout and stderr.
  ProcessResult OnTerminal(const std::string& args, const std::string& env = "") {
    const char* binary = std::getenv("EDGECERT_BINARY");
    const std::string program = binary ? binary : EDGECERT_BINARY_PATH;
    ProcessResult r;
    const std::string command = env + "script -qefc '" + program + " " + args + "' /dev/null 2>&1 </dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return r;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) r.output.append(buffer, n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }

  std::filesystem::path dir_;
};

TEST_F(ColorOutputTest, PipedOutputHasNoEscapesAndAlwaysHasThem) {
  ProcessResult piped = RunEdgecert("validate " + dir_.string());
  EXPECT_EQ(piped.exit_code, 1) << piped.output;
  EXPECT_THAT(piped.output, HasSubstr("errors in"));
  EXPECT_FALSE(HasEscape(piped.output)) << piped.output;

  ProcessResult always = RunEdgecert("validate --color always " + dir_.string(), "NO_COLOR=1 ");
  EXPECT_EQ(always.exit_code, 1) << always.output;
  EXPECT_THAT(always.output, HasSubstr("\033[31m"));
}

TEST_F(ColorOutputTest, ATerminalIsColouredUnlessNoColorOrNever) {
  ProcessResult tty = OnTerminal("validate " + dir_.string());
  EXPECT_THAT(tty.output, HasSubstr("errors in")) << tty.output;
  EXPECT_TRUE(HasEscape(tty.output)) << tty.output;

  ProcessResult no_color = OnTerminal("validate " + dir_.string(), "NO_COLOR=1 ");
  EXPECT_THAT(no_color.output, HasSubstr("errors in")) << no_color.output;
  EXPECT_FALSE(HasEscape(no_color.output)) << no_color.output;

  ProcessResult never = OnTerminal("validate --color never " + dir_.string());
  EXPECT_THAT(never.output, HasSubstr("errors in")) << never.output;
  EXPECT_FALSE(HasEscape(never.output)) << never.output;
}

TEST_F(ColorOutputTest, AnUnknownColorValueIsAUsageError) {
  ProcessResult r = RunEdgecert("validate --color sometimes " + dir_.string());
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--color"));
}

}  // namespace
}  // namespace edgecert::daemon::testing
