#include "api/client/envelope.h"

#include <gtest/gtest.h>

namespace edgecert::api {
namespace {

TEST(EnvelopeTest, DecodesAFullEnvelope) {
  auto env = DecodeEnvelope(R"({"success":true,"errors":[],"messages":[{"code":1000,"message":"hi"}],
    "result":[{"id":"a"}],"result_info":{"page":2,"per_page":5,"count":1,"total_count":6,"total_pages":2},
    "extra":{"ignored":true}})");
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_TRUE(env->success);
  ASSERT_EQ(env->messages.size(), 1u);
  EXPECT_EQ(env->messages[0].code, 1000);
  ASSERT_TRUE(env->result_info.has_value());
  EXPECT_EQ(env->result_info->page, 2);
  EXPECT_EQ(env->result_info->total_pages, 2);
  EXPECT_TRUE(env->result.is_array());
}

TEST(EnvelopeTest, FailureCarriesErrors) {
  auto env = DecodeEnvelope(R"({"success":false,"errors":[{"code":1210,"message":"bad host"}],"messages":[],"result":null})");
  ASSERT_TRUE(env.ok());
  EXPECT_FALSE(env->success);
  EXPECT_EQ(FormatApiMessages(env->errors), "[1210] bad host");
}

TEST(EnvelopeTest, NullsAndFloatsAreTolerated) {
  auto env = DecodeEnvelope(R"({"success":true,"errors":null,"messages":null,"result":{},"result_info":{"page":1.0,"per_page":null}})");
  ASSERT_TRUE(env.ok()) << env.status().ToString();
  EXPECT_EQ(env->result_info->page, 1);
  EXPECT_FALSE(env->result_info->per_page.has_value());
}

TEST(EnvelopeTest, HostileBodiesBecomeClearErrors) {
  struct Case {
    std::string body;
    std::string expect;
  };
  std::string deep(10000, '[');
  const std::vector<Case> cases = {
      {"", "empty"},
      {"{\"success\":tru", "not valid JSON"},
      {"<html><body>502 Bad Gateway</body></html>", "not valid JSON"},
      {"[1,2,3]", "expected the envelope object"},
      {"\"just a string\"", "expected the envelope object"},
      {std::string("{\"success\":true,\"result\":\"\xC3\x28\"}"), "not valid UTF-8"},
      {std::string("{\"result\":\"\xED\xA0\x80\"}"), "not valid UTF-8"},  // a UTF-16 surrogate
      {deep, "nests deeper"},
      {R"({"success":"yes","result":{}})", "\"success\" is a string"},
      {R"({"success":true,"errors":{"code":1}})", "\"errors\" is a object"},
      {R"({"success":true,"result_info":{"page":"one"}})", "\"page\" is a string"},
      {R"({"messages":[]})", "neither"},
  };
  for (const auto& c : cases) {
    auto env = DecodeEnvelope(c.body);
    ASSERT_FALSE(env.ok()) << c.body.substr(0, 60);
    EXPECT_EQ(env.status().code(), StatusCode::kInternal);
    EXPECT_NE(env.status().message().find(c.expect), std::string::npos) << env.status().message();
  }
}

TEST(EnvelopeTest, Utf8Validator) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x94\x92"));  // é € 🔒
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));                             // overlong
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));                     // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));                             // truncated
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

}  // namespace
}  // namespace edgecert::api
