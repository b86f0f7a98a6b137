// Secrets never leave the client except as request headers: every log line (at trace level), every
// Status message and every observer call from runs that fail in all the ways we know is searched for
// the token and the API key, even when a hostile server echoes them back.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/api/client/client_harness.h"
#include "tests/api/client/scripted_server.h"

namespace edgecert::api::testing {
namespace {

using Kind = ScriptedReply::Kind;
using namespace std::chrono_literals;

const std::string kToken = "leakcheckTOKEN9f8e7d6c5b4a";
const std::string kKey = "leakcheckKEY0a1b2c3d4e5f";

// Answers each request differently, echoing whatever credential it received.
ScriptedReply Hostile(const ReceivedRequest& req, int n) {
  std::string echoed;
  if (auto it = req.headers.find("authorization"); it != req.headers.end()) echoed = it->second;
  if (auto it = req.headers.find("x-auth-key"); it != req.headers.end()) echoed = it->second;
  switch (n % 9) {
    case 0:
      return ScriptedReply::Json(401, ErrorEnvelope(10000, "bad credential " + echoed));
    case 1:
      return ScriptedReply::Json(403, ErrorEnvelope(9109, "token " + echoed + " lacks #ssl:edit"));
    case 2:
      return ScriptedReply::Json(500, ErrorEnvelope(10001, "internal " + echoed));
    case 3: {
      auto r = ScriptedReply::Json(502, "<html>" + echoed + "</html>");
      r.content_type = "text/html";
      return r;
    }
    case 4:
      return ScriptedReply::Json(200, "{\"success\":true,\"result\":\"" + echoed);  // malformed
    case 5:
      return ScriptedReply::Of(Kind::kReset);
    case 6: {
      auto r = ScriptedReply::Json(429, ErrorEnvelope(10000, "slow down " + echoed));
      r.headers.emplace_back("Retry-After", "1");
      return r;
    }
    case 7:
      return ScriptedReply::Json(200, ErrorEnvelope(1000, "success=false " + echoed));
    default:
      return ScriptedReply::Json(400, ErrorEnvelope(1210, echoed));
  }
}

void RunFailingCalls(const Credentials& credentials, const std::string& secret) {
  std::atomic<int> n{0};
  ScriptedServer server([&](const ReceivedRequest& req) { return Hostile(req, n++); });
  HarnessOptions o;
  o.credentials = credentials;
  o.retry.max_attempts = 2;
  ClientHarness h(server.base_url(), o);

  std::vector<std::string> outputs;
  auto record = [&](const Status& s) { outputs.push_back(s.ToString()); };
  for (int round = 0; round < 3; ++round) {
    record(h.client().GetCertificatePack("z1", "p1").status());
    record(h.client().OrderCertificatePack("z1", {{"example.com"}, "txt", 90, "google", std::nullopt}).status());
    record(h.client().ListCustomHostnames("z1").status());
    record(h.client().UploadMtlsCertificate("a1", {"PEM", true, "ca", std::nullopt}).status());
    record(h.client().PatchUniversalSslSettings("z1", true).status());
    record(h.client().DeleteCustomCsr("z1", "s1"));
    record(h.client().PutHostnameAssociations("z1", {{"a.example.com"}, std::nullopt}).status());
  }
  // The server really received the secret: the test would prove nothing otherwise.
  bool sent = false;
  for (const auto& req : server.requests()) {
    for (const auto& [k, v] : req.headers) sent |= v.find(secret) != std::string::npos;
  }
  ASSERT_TRUE(sent);

  int failures = 0;
  for (const auto& o : outputs) {
    failures += o != "OK";
    EXPECT_EQ(o.find(secret), std::string::npos) << o;
  }
  EXPECT_GE(failures, 15);
  const std::string logs = h.logs();
  EXPECT_FALSE(logs.empty());
  EXPECT_EQ(logs.find(secret), std::string::npos) << logs;
  for (const auto& e : h.observer().events()) EXPECT_EQ(e.find(secret), std::string::npos) << e;
  // The echoed values were scrubbed, not merely absent.
  bool redacted = false;
  for (const auto& o : outputs) redacted |= o.find("[redacted]") != std::string::npos;
  EXPECT_TRUE(redacted);
}

TEST(SecretLeakTest, ApiTokenNeverLeaks) { RunFailingCalls(Credentials::ApiToken(Secret(kToken)), kToken); }

TEST(SecretLeakTest, GlobalApiKeyNeverLeaks) {
  RunFailingCalls(Credentials::GlobalApiKey("ops@example.com", Secret(kKey)), kKey);
}

TEST(SecretLeakTest, PrivateKeysQuotedByTheServerAreScrubbed) {
  const std::string key_body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC";
  std::atomic<int> n{0};
  ScriptedServer server([&](const ReceivedRequest&) {
    // The refusal quotes the uploaded key: whole once, cut short (no END line) the next time.
    const std::string quoted = n++ % 2 == 0 ? "-----BEGIN PRIVATE KEY-----\n" + key_body + "\n-----END PRIVATE KEY-----"
                                            : "-----BEGIN EC PRIVATE KEY-----\n" + key_body;
    return ScriptedReply::Json(400, ErrorEnvelope(1414, "cannot parse the key " + quoted + " (bad)"));
  });
  HarnessOptions o;
  o.credentials = Credentials::ApiToken(Secret(kToken));
  ClientHarness h(server.base_url(), o);
  for (int i = 0; i < 2; ++i) {
    const Status s = h.client().UploadMtlsCertificate("a1", {"PEM", true, "ca", std::nullopt}).status();
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.ToString().find(key_body), std::string::npos) << s.ToString();
    EXPECT_NE(s.ToString().find("[redacted private key]"), std::string::npos) << s.ToString();
    EXPECT_NE(s.ToString().find("cannot parse the key"), std::string::npos) << s.ToString();
  }
  EXPECT_EQ(h.logs().find(key_body), std::string::npos) << h.logs();
}

TEST(SecretLeakTest, CredentialErrorsNeverShowTheValue) {
  const std::vector<Environment> envs = {
      {{"CLOUDFLARE_API_TOKEN", kToken + " trailing words"}},
      {{"CLOUDFLARE_API_TOKEN", kToken}, {"CLOUDFLARE_API_KEY", kKey}},
      {{"CLOUDFLARE_API_KEY", kKey}},
      {{"CLOUDFLARE_EMAIL", "x"}, {"CLOUDFLARE_API_KEY", kKey}},
  };
  for (const auto& env : envs) {
    auto c = Credentials::FromEnvironment(env);
    ASSERT_FALSE(c.ok());
    EXPECT_EQ(c.status().message().find(kToken), std::string::npos);
    EXPECT_EQ(c.status().message().find(kKey), std::string::npos);
  }
}

}  // namespace
}  // namespace edgecert::api::testing
