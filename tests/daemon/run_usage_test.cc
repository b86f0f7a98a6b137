// `edgecert run` takes its manifests directory one way, the positional DIR (as plan and apply do); the
// removed `--manifests` spelling is a usage error that says the one form.
#include <gmock/gmock.h>

#include "tests/daemon/run_edgecert.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(RunUsageTest, TheManifestsFlagIsAUsageErrorNamingTheOneForm) {
  for (const std::string args :
       {"run --manifests /nonexistent", "run --manifests=/nonexistent", "run /nonexistent --manifests /nonexistent"}) {
    ProcessResult r = RunEdgecert(args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr("--manifests")) << args;
    EXPECT_THAT(r.output, HasSubstr("edgecert run DIR")) << args;
  }
}

TEST(RunUsageTest, DirIsRequiredAndTheHelpShowsOnlyThePositional) {
  ProcessResult missing = RunEdgecert("run");
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_THAT(missing.output, HasSubstr("DIR"));
  ProcessResult help = RunEdgecert("run --help");
  EXPECT_EQ(help.exit_code, 0) << help.output;
  EXPECT_THAT(help.output, HasSubstr("DIR"));
  EXPECT_THAT(help.output, Not(HasSubstr("--manifests")));
  ProcessResult bash = RunEdgecert("completion bash");
  EXPECT_EQ(bash.exit_code, 0) << bash.output;
  EXPECT_THAT(bash.output, Not(HasSubstr("--manifests")));
}

}  // namespace
}  // namespace edgecert::daemon::testing
