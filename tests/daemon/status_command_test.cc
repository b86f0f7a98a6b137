// `edgecert status` run as a process against an OpsServer started in the test.
#include <arpa/inet.h>
#include <cpprest/json.h>
#include <gmock/gmock.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>


#include "daemon/ops_server.h"
#include "daemon/status_report.h"
#include "tests/daemon/run_edgecert.h"
#include "tests/daemon/status_fixture.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;

// A port nothing listens on: bound to port 0 to get a free one, then released.
int UnusedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::unique_ptr<OpsServer> ServeStatus(std::string json) {
  OpsHandlers handlers;
  handlers.status_json = [json = std::move(json)] { return json; };
  auto server = OpsServer::Start("127.0.0.1:0", std::move(handlers));
  EXPECT_TRUE(server.ok()) << server.status().ToString();
  return server.ok() ? std::move(*server) : nullptr;
}

// "http://HOST:PORT" -> "HOST:PORT", the form `run --listen` takes.
std::string HostPort(const OpsServer& server) { return server.url().substr(std::string("http://").size()); }

TEST(StatusCommandTest, PrintsATableFromARunningDaemon) {
  auto server = ServeStatus(StatusReportToJson(SampleReport()));
  ASSERT_NE(server, nullptr);
  ProcessResult r = RunEdgecert("status --server " + HostPort(*server));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("edgecert 0.1.0: ready\n"));
  EXPECT_THAT(r.output, HasSubstr("3 objects: 1 Progressing, 1 Ready, 1 Failed\n"));
  EXPECT_THAT(r.output, HasSubstr("KIND             NAME             ZONE              PHASE"));
  EXPECT_THAT(r.output, HasSubstr("CertificatePack  www-example-com  example.com       Progressing  pending_validation"));
  EXPECT_THAT(r.output, HasSubstr("Errors:\n  MTLSCertificate/partner-ca: the API refused the certificate"));
}

TEST(StatusCommandTest, JsonOutputIsTheDaemonsJson) {
  auto server = ServeStatus(StatusReportToJson(SampleReport()));
  ASSERT_NE(server, nullptr);
  ProcessResult r = RunEdgecert("status --output json --server " + server->url());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  web::json::value v = web::json::value::parse(r.output);
  EXPECT_EQ(v.at("objects").size(), 3u);
  EXPECT_EQ(v.at("objects").at(1).at("remote_status").as_string(), "pending_validation");
}

TEST(StatusCommandTest, AnHttpUrlIsStillAccepted) {
  auto server = ServeStatus(StatusReportToJson(SampleReport()));
  ASSERT_NE(server, nullptr);
  ProcessResult r = RunEdgecert("status --output json --server " + server->url() + "/");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(web::json::value::parse(r.output).at("objects").size(), 3u);
}

TEST(StatusCommandTest, AMalformedServerIsAUsageErrorNamingTheFlag) {
  for (const std::string bad : {"127.0.0.1", "localhost:http", "127.0.0.1:70000", "https://127.0.0.1:9464",
                                "http://127.0.0.1:9464/status", ":9464"}) {
    ProcessResult r = RunEdgecert("status --server '" + bad + "'");
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr("--server")) << bad;
    EXPECT_THAT(r.output, HasSubstr("HOST:PORT")) << bad;
  }
}

TEST(StatusCommandTest, NoDaemonIsAClearErrorAndExitOne) {
  const std::string address = "127.0.0.1:" + std::to_string(UnusedPort());
  const std::string url = "http://" + address;
  ProcessResult r = RunEdgecert("status --server " + address);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("edgecert status: no edgecert daemon answers at " + url));
  EXPECT_THAT(r.output, HasSubstr("is `edgecert run` running"));
}

TEST(StatusCommandTest, AnUnreadableAnswerIsAnError) {
  auto server = ServeStatus(R"({"daemon": 1})");
  ASSERT_NE(server, nullptr);
  ProcessResult r = RunEdgecert("status --server " + server->url());
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("sent an unreadable answer"));
}

TEST(StatusCommandTest, ABadOutputFormatIsAUsageError) {
  ProcessResult r = RunEdgecert("status --output yaml");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("--output"));
}

}  // namespace
}  // namespace edgecert::daemon::testing
