// OpsServer over real HTTP on 127.0.0.1 (port 0 picks a free port).
#include "daemon/ops_server.h"

#include <gmock/gmock.h>

#include <atomic>

#include "daemon/metrics.h"
#include "tests/daemon/http_get.h"
#include "tests/daemon/metrics_text.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class OpsServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    OpsHandlers handlers;
    handlers.healthy = [this] { return healthy_ ? Status::Ok() : Unavailable("the loop made no progress for 5m0s"); };
    handlers.ready = [this] { return ready_ ? Status::Ok() : Unavailable("desired state not loaded yet"); };
    handlers.status_json = [] { return std::string(R"({"objects":[]})"); };
    handlers.metrics_text = [this] { return metrics_.Serialize(); };
    auto server = OpsServer::Start("127.0.0.1:0", std::move(handlers));
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(*server);
  }

  std::atomic<bool> healthy_{true};
  std::atomic<bool> ready_{false};
  DaemonMetrics metrics_{{"9.9.9"}};
  std::unique_ptr<OpsServer> server_;
};

TEST_F(OpsServerTest, ServesMetricsInTheTextFormat) {
  EXPECT_THAT(server_->url(), StartsWith("http://127.0.0.1:"));
  EXPECT_GT(server_->port(), 0);
  metrics_.SetQueue(4, 1);
  HttpResult r = HttpRequest(server_->url(), "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  auto s = ParseMetricsText(r.body);
  EXPECT_EQ(s.at("edgecert_build_info{build_date=\"unknown\",commit=\"unknown\",version=\"9.9.9\"}"), 1);
  EXPECT_EQ(s["edgecert_work_queue_depth{state=\"waiting\"}"], 4);
}

TEST_F(OpsServerTest, ProbesSayOkOrWhyNot) {
  HttpResult health = HttpRequest(server_->url(), "/healthz");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(health.body, "ok\n");
  HttpResult ready = HttpRequest(server_->url(), "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.body, "desired state not loaded yet\n");

  ready_ = true;
  healthy_ = false;
  EXPECT_EQ(HttpRequest(server_->url(), "/readyz").status, 200);
  health = HttpRequest(server_->url(), "/healthz");
  EXPECT_EQ(health.status, 503);
  EXPECT_THAT(health.body, HasSubstr("no progress"));
}

TEST_F(OpsServerTest, ServesStatusAsJson) {
  HttpResult r = HttpRequest(server_->url(), "/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"objects":[]})");
}

TEST_F(OpsServerTest, UnknownPathIs404AndOtherMethodsAre405) {
  EXPECT_EQ(HttpRequest(server_->url(), "/").status, 404);
  EXPECT_EQ(HttpRequest(server_->url(), "/metrics/extra").status, 404);
  HttpResult post = HttpRequest(server_->url(), "/metrics", web::http::methods::POST);
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.allow, "GET");
  EXPECT_EQ(HttpRequest(server_->url(), "/readyz", web::http::methods::DEL).status, 405);
  // A query string does not change the endpoint.
  EXPECT_EQ(HttpRequest(server_->url(), "/healthz?verbose=1").status, 200);
}

TEST_F(OpsServerTest, AHandlerThatThrowsAnswers500AndTheServerKeepsServing) {
  OpsHandlers handlers;
  handlers.status_json = []() -> std::string { throw std::runtime_error("boom"); };
  auto server = OpsServer::Start("127.0.0.1:0", std::move(handlers));
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  EXPECT_EQ(HttpRequest((*server)->url(), "/status").status, 500);
  EXPECT_EQ(HttpRequest((*server)->url(), "/healthz").status, 200);  // no probe wired: alive
}

TEST_F(OpsServerTest, ABusyPortIsAnErrorNotACrash) {
  auto second = OpsServer::Start("127.0.0.1:" + std::to_string(server_->port()), OpsHandlers{});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr("cannot listen on 127.0.0.1:"));
}

TEST_F(OpsServerTest, StoppingReleasesThePort) {
  const int port = server_->port();
  server_.reset();
  auto again = OpsServer::Start("127.0.0.1:" + std::to_string(port), OpsHandlers{});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(HttpRequest((*again)->url(), "/healthz").status, 200);
}

TEST(ParseListenAddressTest, HostAndPort) {
  auto a = ParseListenAddress("127.0.0.1:9464");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->first, "127.0.0.1");
  EXPECT_EQ(a->second, 9464);
  EXPECT_TRUE(ParseListenAddress("localhost:0").ok());
  for (const char* bad : {"9464", ":9464", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:70000", "127.0.0.1:-1"}) {
    auto r = ParseListenAddress(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace edgecert::daemon::testing
