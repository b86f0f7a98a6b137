// The client against a real HTTP server on loopback that misbehaves on purpose: every hostile answer
// must become a clear Status of the right outcome class, and retries must follow the method's
// idempotency.
#include <gtest/gtest.h>

#include <atomic>

#include "tests/api/client/client_harness.h"
#include "tests/api/client/scripted_server.h"

namespace edgecert::api::testing {
namespace {

using namespace std::chrono_literals;
using Kind = ScriptedReply::Kind;

const std::string kPack =
    R"({"id":"p1","type":"advanced","hosts":["example.com"],"status":"active"})";

OrderCertificatePackRequest Order() {
  return OrderCertificatePackRequest{{"example.com"}, "txt", 90, "google", std::nullopt};
}

void ExpectCode(const Status& s, StatusCode code, const std::string& fragment) {
  EXPECT_EQ(s.code(), code) << s.ToString();
  EXPECT_NE(s.message().find(fragment), std::string::npos) << s.ToString();
}

TEST(HostileServerTest, MalformedJson) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(200, "{\"success\":tr"); });
  ClientHarness h(server.base_url());
  auto r = h.client().GetCertificatePack("z1", "p1");
  ExpectCode(r.status(), StatusCode::kInternal, "not valid JSON");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HostileServerTest, WrongContentType) {
  ScriptedServer server([](const ReceivedRequest&) {
    auto r = ScriptedReply::Json(200, Envelope(kPack));
    r.content_type = "text/plain";
    return r;
  });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().GetCertificatePack("z1", "p1").status(), StatusCode::kInternal, "content type");
}

TEST(HostileServerTest, HtmlErrorPageFromAProxyIsRetriedForGet) {
  ScriptedServer server([](const ReceivedRequest&) {
    auto r = ScriptedReply::Json(502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
    r.content_type = "text/html";
    return r;
  });
  ClientHarness h(server.base_url());
  auto r = h.client().GetCertificatePack("z1", "p1");
  ExpectCode(r.status(), StatusCode::kUnavailable, "HTTP 502");
  EXPECT_EQ(server.requests().size(), 3u);  // max_attempts
  EXPECT_EQ(h.observer().Count("retry GET /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}"), 2);
}

TEST(HostileServerTest, HtmlForbiddenPageIsADefiniteFailure) {
  ScriptedServer server([](const ReceivedRequest&) {
    auto r = ScriptedReply::Json(403, "<html>denied by WAF</html>");
    r.content_type = "text/html";
    return r;
  });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().ListCertificatePacks("z1").status(), StatusCode::kPermissionDenied, "HTTP 403");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HostileServerTest, ManyMegabyteBodyIsRefused) {
  const std::string huge = Envelope("\"" + std::string(12u << 20, 'a') + "\"");
  ScriptedServer server([&](const ReceivedRequest&) { return ScriptedReply::Json(200, huge); });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().GetCertificatePack("z1", "p1").status(), StatusCode::kInternal, "exceeds the limit");
}

TEST(HostileServerTest, InvalidUtf8) {
  ScriptedServer server([](const ReceivedRequest&) {
    return ScriptedReply::Json(200, Envelope("{\"id\":\"p\xff\xfe\",\"type\":\"advanced\",\"hosts\":[],\"status\":\"active\"}"));
  });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().GetCertificatePack("z1", "p1").status(), StatusCode::kInternal, "UTF-8");
}

TEST(HostileServerTest, ResultOfTheWrongType) {
  ScriptedServer server([](const ReceivedRequest& req) {
    if (req.target.find("certificate_packs?") != std::string::npos) {
      return ScriptedReply::Json(200, Envelope(R"({"not":"a list"})"));
    }
    return ScriptedReply::Json(200, Envelope("[1,2,3]"));
  });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().GetCertificatePack("z1", "p1").status(), StatusCode::kInternal, "expected an object");
  ExpectCode(h.client().ListCertificatePacks("z1").status(), StatusCode::kInternal, "expected an array");
}

TEST(HostileServerTest, RequiredFieldMissingInAResult) {
  ScriptedServer server([](const ReceivedRequest&) {
    return ScriptedReply::Json(200, Envelope(R"({"id":"p1","type":"advanced","status":"active"})"));
  });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().GetCertificatePack("z1", "p1").status(), StatusCode::kInternal, "\"hosts\" is missing");
}

TEST(HostileServerTest, ServerThatNeverStopsPaging) {
  std::atomic<int> page{0};
  ScriptedServer server([&](const ReceivedRequest&) {
    const int p = ++page;
    return ScriptedReply::Json(200, Envelope("[" + kPack + "]", R"({"page":)" + std::to_string(p) +
                                                                  R"(,"per_page":1,"count":1,"total_pages":1000000})"));
  });
  HarnessOptions o;
  o.caller.max_pages = 25;
  ClientHarness h(server.base_url(), o);
  ExpectCode(h.client().ListCertificatePacks("z1").status(), StatusCode::kInternal, "after 25 pages");
  EXPECT_EQ(server.requests().size(), 25u);
}

TEST(HostileServerTest, ServerThatIgnoresThePageParameter) {
  ScriptedServer server([&](const ReceivedRequest&) {
    return ScriptedReply::Json(200, Envelope("[" + kPack + "]", R"({"page":1,"per_page":1,"total_pages":3})"));
  });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().ListCertificatePacks("z1").status(), StatusCode::kInternal, "answered page 1");
}

TEST(HostileServerTest, DeeplyNestedJson) {
  ScriptedServer server([](const ReceivedRequest&) {
    return ScriptedReply::Json(200, Envelope(std::string(100000, '[') + std::string(100000, ']')));
  });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().GetCertificatePack("z1", "p1").status(), StatusCode::kInternal, "nests deeper");
}

TEST(HostileServerTest, ServerErrorThenSuccessForGet) {
  std::atomic<int> n{0};
  ScriptedServer server([&](const ReceivedRequest&) {
    if (++n < 3) return ScriptedReply::Json(503, ErrorEnvelope(10000, "overloaded"));
    return ScriptedReply::Json(200, Envelope(kPack));
  });
  ClientHarness h(server.base_url());
  auto r = h.client().GetCertificatePack("z1", "p1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->id, "p1");
  EXPECT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(h.observer().Count("retry "), 2);
}

TEST(HostileServerTest, ServerErrorForPostIsAmbiguousAndNotRetried) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(500, ErrorEnvelope(10000, "boom")); });
  ClientHarness h(server.base_url());
  auto r = h.client().OrderCertificatePack("z1", Order());
  ExpectCode(r.status(), StatusCode::kAmbiguous, "HTTP 500");
  EXPECT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(h.observer().Count("retry "), 0);
}

TEST(HostileServerTest, ConnectionResetAfterPostIsAmbiguous) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Of(Kind::kReset); });
  ClientHarness h(server.base_url());
  auto r = h.client().OrderCertificatePack("z1", Order());
  EXPECT_EQ(r.status().code(), StatusCode::kAmbiguous) << r.status().ToString();
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].method, "POST");
  EXPECT_NE(server.requests()[0].body.find("\"hosts\""), std::string::npos);
}

TEST(HostileServerTest, ConnectionClosedWithoutAnswerAfterPostIsAmbiguous) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Of(Kind::kClose); });
  ClientHarness h(server.base_url());
  auto r = h.client().CreateCustomCsr("z1", CreateCustomCsrRequest{"US", "MA", "Boston", "O", std::nullopt,
                                                                   "a.example.com", {"a.example.com"}, std::nullopt});
  EXPECT_EQ(r.status().code(), StatusCode::kAmbiguous) << r.status().ToString();
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HostileServerTest, ConnectionResetForGetIsRetried) {
  std::atomic<int> n{0};
  ScriptedServer server([&](const ReceivedRequest&) {
    if (++n == 1) return ScriptedReply::Of(Kind::kReset);
    return ScriptedReply::Json(200, Envelope(kPack));
  });
  ClientHarness h(server.base_url());
  auto r = h.client().GetCertificatePack("z1", "p1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(HostileServerTest, RefusedConnectionIsRetriedEvenForPost) {
  std::string url;
  {
    ScriptedServer gone([](const ReceivedRequest&) { return ScriptedReply::Json(200, "{}"); });
    url = gone.base_url();
  }
  ClientHarness h(url);
  auto r = h.client().OrderCertificatePack("z1", Order());
  ExpectCode(r.status(), StatusCode::kUnavailable, "not sent");
  EXPECT_EQ(h.observer().Count("retry POST"), 2);  // never ambiguous: nothing went out
}

TEST(HostileServerTest, TimeoutIsRetriedForGetAndAmbiguousForPost) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Of(Kind::kStall); });
  HarnessOptions o;
  o.transport.request_timeout = 300ms;
  o.transport.connect_timeout = 300ms;
  o.retry.max_attempts = 2;
  ClientHarness h(server.base_url(), o);
  ExpectCode(h.client().GetUniversalSslSettings("z1").status(), StatusCode::kUnavailable, "timed out");
  EXPECT_EQ(server.requests().size(), 2u);
  ExpectCode(h.client().OrderCertificatePack("z1", Order()).status(), StatusCode::kAmbiguous, "timed out");
  EXPECT_EQ(server.requests().size(), 3u);
}

TEST(HostileServerTest, SuccessfulPostWithUnreadableBodyIsAmbiguous) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(200, Envelope(R"({"id":7})")); });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().OrderCertificatePack("z1", Order()).status(), StatusCode::kAmbiguous, "could not be read");
  ScriptedServer html([](const ReceivedRequest&) {
    auto r = ScriptedReply::Json(200, "<html>ok</html>");
    r.content_type = "text/html";
    return r;
  });
  ClientHarness h2(html.base_url());
  ExpectCode(h2.client().OrderCertificatePack("z1", Order()).status(), StatusCode::kAmbiguous, "content type");
}

TEST(HostileServerTest, CloudflareErrorsAreDefiniteAndNotRetried) {
  ScriptedServer server([](const ReceivedRequest&) {
    return ScriptedReply::Json(400, ErrorEnvelope(1210, "hosts must include the zone apex"));
  });
  ClientHarness h(server.base_url());
  auto r = h.client().OrderCertificatePack("z1", Order());
  ExpectCode(r.status(), StatusCode::kInvalidArgument, "[1210] hosts must include the zone apex");
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(HostileServerTest, SuccessFalseInA200IsADefiniteFailure) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(200, ErrorEnvelope(1000, "nope")); });
  ClientHarness h(server.base_url());
  ExpectCode(h.client().GetUniversalSslSettings("z1").status(), StatusCode::kInvalidArgument, "[1000] nope");
}

TEST(HostileServerTest, StatusCodesMapToCodes) {
  const std::vector<std::pair<int, StatusCode>> cases = {
      {401, StatusCode::kUnauthenticated}, {403, StatusCode::kPermissionDenied},
      {404, StatusCode::kNotFound},        {409, StatusCode::kAlreadyExists},
      {422, StatusCode::kInvalidArgument}};
  for (const auto& [http, code] : cases) {
    ScriptedServer server([http = http](const ReceivedRequest&) { return ScriptedReply::Json(http, ErrorEnvelope(9000, "x")); });
    ClientHarness h(server.base_url());
    EXPECT_EQ(h.client().GetCustomHostname("z1", "h1").status().code(), code) << http;
  }
}

TEST(HostileServerTest, DeleteOfAMissingObjectIsSuccess) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(404, ErrorEnvelope(1404, "not found")); });
  ClientHarness h(server.base_url());
  EXPECT_TRUE(h.client().DeleteCertificatePack("z1", "p1").ok());
  EXPECT_TRUE(h.client().DeleteMtlsCertificate("a1", "m1").ok());
  EXPECT_TRUE(h.client().RevokeClientCertificate("z1", "c1").ok());
  EXPECT_EQ(h.client().GetCertificatePack("z1", "p1").status().code(), StatusCode::kNotFound);
}

TEST(HostileServerTest, RateLimitWithRetryAfterBlocksTheWholeBudget) {
  std::atomic<int> n{0};
  ScriptedServer server([&](const ReceivedRequest&) {
    if (++n == 1) {
      auto r = ScriptedReply::Json(429, ErrorEnvelope(10000, "rate limited"));
      r.headers.emplace_back("Retry-After", "42");
      return r;
    }
    return ScriptedReply::Json(200, Envelope(R"({"enabled":true})"));
  });
  ClientHarness h(server.base_url());
  const auto t0 = h.clock().Now();
  auto r = h.client().GetUniversalSslSettings("z1");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->enabled, true);
  EXPECT_EQ(h.clock().Now() - t0, 42s);  // waited out Retry-After on the (fake) clock
  EXPECT_EQ(h.observer().Count("rate_limited GET /zones/{zone_id}/ssl/universal/settings 42"), 1);
  EXPECT_EQ(h.observer().Count("budget_wait 42"), 1);
}

TEST(HostileServerTest, RateLimitIsRetriedForPostToo) {
  std::atomic<int> n{0};
  ScriptedServer server([&](const ReceivedRequest&) {
    if (++n == 1) {
      auto r = ScriptedReply::Json(429, ErrorEnvelope(10000, "rate limited"));
      r.headers.emplace_back("Retry-After", "5");
      return r;
    }
    return ScriptedReply::Json(200, Envelope(kPack));
  });
  ClientHarness h(server.base_url());
  auto r = h.client().OrderCertificatePack("z1", Order());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(server.requests().size(), 2u);
}

TEST(HostileServerTest, PersistentRateLimitEndsAsResourceExhausted) {
  ScriptedServer server([](const ReceivedRequest&) {
    auto r = ScriptedReply::Json(429, ErrorEnvelope(10000, "rate limited"));
    r.headers.emplace_back("Retry-After", "99999999");  // clamped to max_retry_after
    return r;
  });
  ClientHarness h(server.base_url());
  const auto t0 = h.clock().Now();
  ExpectCode(h.client().ListCustomCsrs("z1").status(), StatusCode::kResourceExhausted, "HTTP 429");
  EXPECT_LE(h.clock().Now() - t0, 2 * 900s);
}

}  // namespace
}  // namespace edgecert::api::testing
