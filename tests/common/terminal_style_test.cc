// When human output is coloured: --color always/never win; auto colours a terminal unless NO_COLOR is set.
#include "common/terminal_style.h"

#include <gtest/gtest.h>

namespace edgecert {
namespace {

TEST(TerminalStyleTest, AutoColoursATerminalOnlyAndNoColorWins) {
  EXPECT_TRUE(TerminalStyle::Decide(ColorMode::kAuto, true, nullptr).enabled());
  EXPECT_FALSE(TerminalStyle::Decide(ColorMode::kAuto, false, nullptr).enabled());  // piped
  EXPECT_FALSE(TerminalStyle::Decide(ColorMode::kAuto, true, "1").enabled());       // NO_COLOR
  EXPECT_TRUE(TerminalStyle::Decide(ColorMode::kAuto, true, "").enabled());         // set but empty: unset
  EXPECT_TRUE(TerminalStyle::Decide(ColorMode::kAlways, false, "1").enabled());
  EXPECT_FALSE(TerminalStyle::Decide(ColorMode::kNever, true, nullptr).enabled());
}

TEST(TerminalStyleTest, PlainLeavesTextAloneAndColourWrapsIt) {
  EXPECT_EQ(TerminalStyle().Red("x"), "x");
  const TerminalStyle on = TerminalStyle::Decide(ColorMode::kAlways, false, nullptr);
  EXPECT_EQ(on.Red("x"), "\033[31mx\033[0m");
  EXPECT_EQ(on.Green(""), "");
}

TEST(TerminalStyleTest, ParsesTheFlagValues) {
  EXPECT_EQ(ParseColorMode("auto"), ColorMode::kAuto);
  EXPECT_EQ(ParseColorMode("always"), ColorMode::kAlways);
  EXPECT_EQ(ParseColorMode("never"), ColorMode::kNever);
  EXPECT_FALSE(ParseColorMode("yes").has_value());
}

}  // namespace
}  // namespace edgecert
