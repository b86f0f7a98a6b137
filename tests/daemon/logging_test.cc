// Daemon logging: JSON lines parse whatever the message holds; levels filter; Secrets print redacted.
#include "daemon/logging.h"

#include <cpprest/json.h>
#include <gmock/gmock.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

#include "common/secret.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class LoggingTest : public ::testing::Test {
 protected:
  std::shared_ptr<spdlog::logger> Make(LogFormat format, spdlog::level::level_enum level = spdlog::level::info) {
    return MakeLogger("edgecert", LogOptions{format, level}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out_));
  }
  std::ostringstream out_;
};

TEST_F(LoggingTest, JsonLinesParseWhateverTheMessageHolds) {
  auto logger = Make(LogFormat::kJson);
  const std::string tricky = "pack \"www\" said: {\"errors\":[1]}\nline two\ttab \\ back\x01 bell \x7f é ✓";
  logger->info("{}", tricky);
  logger->warn("CertificatePack/www (example.com) [abc]: created");
  const auto lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 2u) << out_.str();
  web::json::value first = web::json::value::parse(lines[0]);
  EXPECT_EQ(first.at("msg").as_string(), tricky);
  EXPECT_EQ(first.at("level").as_string(), "info");
  EXPECT_EQ(first.at("logger").as_string(), "edgecert");
  EXPECT_THAT(first.at("time").as_string(), MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z)"));
  EXPECT_EQ(web::json::value::parse(lines[1]).at("level").as_string(), "warning");
}

TEST_F(LoggingTest, JsonLinesAboutAnObjectCarryItsKindNameZoneAndRemoteId) {
  auto logger = Make(LogFormat::kJson);
  logger->info("CertificatePack/www zone=example-com id=3f2a: Ready (active)");
  logger->error("MtlsCertificate/partner-ca zone=- id=-: failed: refused");
  logger->info("reloading the manifests");
  const auto lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 3u) << out_.str();
  web::json::value ready = web::json::value::parse(lines[0]);
  EXPECT_EQ(ready.at("kind").as_string(), "CertificatePack");
  EXPECT_EQ(ready.at("name").as_string(), "www");
  EXPECT_EQ(ready.at("zone").as_string(), "example-com");
  EXPECT_EQ(ready.at("remote_id").as_string(), "3f2a");
  EXPECT_EQ(ready.at("msg").as_string(), "CertificatePack/www zone=example-com id=3f2a: Ready (active)");
  web::json::value failed = web::json::value::parse(lines[1]);
  EXPECT_EQ(failed.at("kind").as_string(), "MtlsCertificate");
  EXPECT_EQ(failed.at("name").as_string(), "partner-ca");
  EXPECT_FALSE(failed.has_field("zone"));  // unknown: left out, not "-"
  EXPECT_FALSE(failed.has_field("remote_id"));
  web::json::value other = web::json::value::parse(lines[2]);
  EXPECT_FALSE(other.has_field("kind"));
  EXPECT_FALSE(other.has_field("name"));
}

TEST_F(LoggingTest, InvalidUtf8BecomesAReplacementCharacter) {
  auto logger = Make(LogFormat::kJson);
  logger->info("bytes \xff\xfe and a cut sequence \xe2\x9c and an overlong \xc0\xaf end");
  const auto lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 1u);
  web::json::value v = web::json::value::parse(lines[0]);
  EXPECT_EQ(v.at("msg").as_string(),
            "bytes \xEF\xBF\xBD\xEF\xBF\xBD and a cut sequence \xEF\xBF\xBD\xEF\xBF\xBD and an overlong "
            "\xEF\xBF\xBD\xEF\xBF\xBD end");
}

TEST_F(LoggingTest, SecretsPrintRedactedInBothFormats) {
  const Secret token("cf-token-4f9a8b7c6d5e");
  auto json = Make(LogFormat::kJson);
  json->info("using token {}", token);
  auto text = Make(LogFormat::kText);
  text->error("token {} was refused", token);
  EXPECT_THAT(out_.str(), Not(HasSubstr("cf-token-4f9a8b7c6d5e")));
  const auto lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(web::json::value::parse(lines[0]).at("msg").as_string(), "using token [redacted]");
  EXPECT_THAT(lines[1], HasSubstr("token [redacted] was refused"));
}

TEST_F(LoggingTest, TextLinesCarryUtcTimeAndLevel) {
  auto logger = Make(LogFormat::kText);
  logger->info("hello");
  const auto lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_THAT(lines[0], MatchesRegex(R"([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z info  hello)"));
}

TEST_F(LoggingTest, LevelFilters) {
  auto logger = Make(LogFormat::kJson, spdlog::level::warn);
  logger->info("quiet");
  logger->debug("quieter");
  logger->error("loud");
  const auto lines = Lines(out_.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(web::json::value::parse(lines[0]).at("msg").as_string(), "loud");
}

TEST(LogOptionsTest, ParsesTheFlagValues) {
  auto options = ToLogOptions({"json", "debug"});
  ASSERT_TRUE(options.ok());
  EXPECT_EQ(options->format, LogFormat::kJson);
  EXPECT_EQ(options->level, spdlog::level::debug);
  EXPECT_EQ(*ParseLogLevel("error"), spdlog::level::err);
  EXPECT_EQ(*ParseLogLevel("warn"), spdlog::level::warn);
  EXPECT_EQ(*ParseLogLevel("trace"), spdlog::level::trace);
  EXPECT_EQ(ParseLogFormat("xml").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseLogLevel("loud").status().code(), StatusCode::kInvalidArgument);
}

TEST(LogOptionsTest, FlagsAreCheckedByTheCommandLine) {
  CLI::App app;
  LogFlags flags;
  AddLogFlags(app, flags);
  app.parse(std::vector<std::string>{"warn", "--log-level", "json", "--log-format"});  // reversed order
  EXPECT_EQ(flags.format, "json");
  EXPECT_EQ(flags.level, "warn");
  LogFlags bad;
  CLI::App app2;
  AddLogFlags(app2, bad);
  EXPECT_THROW(app2.parse(std::vector<std::string>{"xml", "--log-format"}), CLI::ValidationError);
}

}  // namespace
}  // namespace edgecert::daemon::testing
