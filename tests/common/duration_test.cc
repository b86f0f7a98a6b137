#include "common/duration.h"

#include <gtest/gtest.h>

#include "common/free_port.h"

namespace edgecert {
namespace {

using std::chrono::milliseconds;

TEST(DurationTest, Units) {
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("90s"), milliseconds(90'000));
  EXPECT_EQ(ParseDuration("1d"), milliseconds(86'400'000));
  EXPECT_EQ(ParseDuration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(ParseDuration("30m"), milliseconds(1'800'000));
  EXPECT_EQ(ParseDuration("2h"), milliseconds(7'200'000));
  EXPECT_EQ(ParseDuration("0s"), milliseconds(0));
}

TEST(DurationTest, MalformedIsNothing) {
  // A bare number is an error, not silently seconds.
  for (const char* bad : {"", "90", "1h30", "s", "-5s", "5w", "5 s", "1.5h", "ms5", "99999999999999d"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

TEST(FreePortTest, GivesABindablePortAndRefusesNonIpv4Hosts) {
  auto port = PickFreePort("127.0.0.1");
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  EXPECT_GT(*port, 0);
  EXPECT_TRUE(PickFreePort("localhost").ok());
  auto bad = PickFreePort("example.invalid");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace edgecert
