// Every duration flag takes the one duration grammar and a malformed one is a usage error (exit 2) that
// names the flag, before anything runs; so does a duration outside its allowed range.
#include <gmock/gmock.h>

#include "tests/daemon/run_edgecert.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;

TEST(DurationFlagTest, AMalformedDurationIsAUsageErrorNamingTheFlag) {
  struct Case {
    std::string args;
    std::string flag;
  };
  for (const Case& c : std::vector<Case>{{"run /nonexistent --resync 5x", "--resync"},
                                         {"run /nonexistent --poll 10", "--poll"},
                                         {"run /nonexistent --drain-timeout ''", "--drain-timeout"},
                                         {"run /nonexistent --lease-duration -3s", "--lease-duration"},
                                         {"apply /nonexistent --timeout 10", "--timeout"},
                                         {"plan /nonexistent --deletion-window 1w", "--deletion-window"},
                                         {"status --timeout 5", "--timeout"},
                                         {"emulator --rate-limit-window 300", "--rate-limit-window"}}) {
    ProcessResult r = RunEdgecert(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr(c.flag)) << c.args;
    EXPECT_THAT(r.output, HasSubstr("not a duration")) << c.args;
  }
}

TEST(DurationFlagTest, DurationsThatDoNotFitTogetherAreAUsageError) {
  ProcessResult lease = RunEdgecert("run /nonexistent --lease-duration 10s --renew-deadline 10s");
  EXPECT_EQ(lease.exit_code, 2) << lease.output;
  EXPECT_THAT(lease.output, HasSubstr("--renew-deadline"));
  ProcessResult zero = RunEdgecert("run /nonexistent --resync 0s");
  EXPECT_EQ(zero.exit_code, 2) << zero.output;
  ProcessResult status = RunEdgecert("status --timeout 0s");
  EXPECT_EQ(status.exit_code, 2) << status.output;
}

}  // namespace
}  // namespace edgecert::daemon::testing
