#include "api/client/credentials.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace edgecert::api {
namespace {

class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    path_ = std::filesystem::temp_directory_path() /
            ("edgecert-cred-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::ofstream(path_) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

TEST(CredentialsTest, TokenFromEnvironment) {
  auto c = Credentials::FromEnvironment({{"CLOUDFLARE_API_TOKEN", "abcDEF123_-token"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->scheme(), Credentials::Scheme::kApiToken);
  EXPECT_EQ(c->AuthHeaders(), (std::vector<std::pair<std::string, std::string>>{
                                  {"Authorization", "Bearer abcDEF123_-token"}}));
}

TEST(CredentialsTest, TokenFileIsReadAndTrimmed) {
  TempFile f("file-token-value\n");
  auto c = Credentials::FromEnvironment({{"CLOUDFLARE_API_TOKEN_FILE", f.path()}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->AuthHeaders()[0].second, "Bearer file-token-value");
}

TEST(CredentialsTest, EmailAndKey) {
  auto c = Credentials::FromEnvironment({{"CLOUDFLARE_EMAIL", "ops@example.com"},
                                         {"CLOUDFLARE_API_KEY", "0123456789abcdef"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->scheme(), Credentials::Scheme::kGlobalApiKey);
  EXPECT_EQ(c->AuthHeaders(), (std::vector<std::pair<std::string, std::string>>{
                                  {"X-Auth-Email", "ops@example.com"}, {"X-Auth-Key", "0123456789abcdef"}}));
}

struct BadCase {
  Environment env;
  std::string must_mention;
};

TEST(CredentialsTest, ProblemsNameTheVariableAndNeverTheValue) {
  const std::string secret = "SUPERSECRETVALUE";
  TempFile empty("\n\n");
  TempFile spaced("two words " + secret);
  const std::vector<BadCase> cases = {
      {{}, "CLOUDFLARE_API_TOKEN"},
      {{{"CLOUDFLARE_API_TOKEN", "   "}}, "CLOUDFLARE_API_TOKEN"},
      {{{"CLOUDFLARE_API_TOKEN", "has space" + secret}}, "CLOUDFLARE_API_TOKEN"},
      {{{"CLOUDFLARE_API_TOKEN", secret + "\x01"}}, "CLOUDFLARE_API_TOKEN"},
      {{{"CLOUDFLARE_API_TOKEN", secret}, {"CLOUDFLARE_API_TOKEN_FILE", "/x"}}, "CLOUDFLARE_API_TOKEN_FILE"},
      {{{"CLOUDFLARE_API_TOKEN", secret}, {"CLOUDFLARE_API_KEY", secret}}, "CLOUDFLARE_EMAIL"},
      {{{"CLOUDFLARE_API_TOKEN_FILE", "/nonexistent/edgecert/token"}}, "CLOUDFLARE_API_TOKEN_FILE"},
      {{{"CLOUDFLARE_API_TOKEN_FILE", empty.path()}}, "CLOUDFLARE_API_TOKEN_FILE"},
      {{{"CLOUDFLARE_API_TOKEN_FILE", spaced.path()}}, "CLOUDFLARE_API_TOKEN_FILE"},
      {{{"CLOUDFLARE_API_KEY", secret}}, "CLOUDFLARE_EMAIL"},
      {{{"CLOUDFLARE_EMAIL", "ops@example.com"}}, "CLOUDFLARE_API_KEY"},
      {{{"CLOUDFLARE_EMAIL", "not-an-email"}, {"CLOUDFLARE_API_KEY", secret}}, "CLOUDFLARE_EMAIL"},
      {{{"CLOUDFLARE_EMAIL", "ops@example.com"}, {"CLOUDFLARE_API_KEY", "a b" + secret}}, "CLOUDFLARE_API_KEY"},
  };
  for (const auto& bad : cases) {
    auto c = Credentials::FromEnvironment(bad.env);
    ASSERT_FALSE(c.ok()) << bad.must_mention;
    EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(c.status().message().find(bad.must_mention), std::string::npos) << c.status().message();
    EXPECT_EQ(c.status().message().find(secret), std::string::npos) << c.status().message();
  }
}

TEST(CredentialsTest, SecretValuesListTheSecretOnly) {
  auto c = Credentials::FromEnvironment({{"CLOUDFLARE_EMAIL", "ops@example.com"},
                                         {"CLOUDFLARE_API_KEY", "0123456789abcdef"}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->SecretValues(), std::vector<std::string>{"0123456789abcdef"});
  EXPECT_EQ(c->SchemeName(), "global_api_key");
}

TEST(CredentialsTest, ProcessEnvironmentIsReadable) {
  ::setenv("EDGECERT_TEST_MARKER", "present", 1);
  EXPECT_EQ(ProcessEnvironment()["EDGECERT_TEST_MARKER"], "present");
}

}  // namespace
}  // namespace edgecert::api
