#include "common/duration.h"

#include <gtest/gtest.h>

#include "common/free_port.h"

namespace edgecert {
namespace {

using std::chrono::milliseconds;

TEST(DurationTest, UnitsAndBareSeconds) {
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("90"), milliseconds(90'000));
  EXPECT_EQ(ParseDuration("90s"), milliseconds(90'000));
  EXPECT_EQ(ParseDuration("30m"), milliseconds(1'800'000));
  EXPECT_EQ(ParseDuration("2h"), milliseconds(7'200'000));
  EXPECT_EQ(ParseDuration("0s"), milliseconds(0));
}

TEST(DurationTest, MalformedIsNothing) {
  for (const char* bad : {"", "s", "-5s", "5d", "5 s", "1.5h", "ms5"}) {
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
