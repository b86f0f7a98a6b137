// The emulator's listener over raw sockets: a negative, garbled or absurd Content-Length is answered
// 400 at once (before any body byte); pipelined requests are both answered; commit-then-drop sends the
// head and closes before any body byte.
#include <gmock/gmock.h>

#include "tests/api/emulator/emulator_fixture.h"
#include "tests/httpd/raw_connection.h"

namespace edgecert::emulator::testing {
namespace {

using httpd::testing::CountOf;
using httpd::testing::RawConnection;
using ::testing::HasSubstr;
using ::testing::StartsWith;

bool HasHead(const std::string& text) { return text.find("\r\n\r\n") != std::string::npos; }

TEST_F(EmulatorTest, ANegativeOrAbsurdContentLengthIs400AtOnce) {
  const std::string order = "POST /client/v4/zones/" + ZoneId() + "/ssl/certificate_packs/order HTTP/1.1\r\n";
  // No body byte is sent: the answer must not wait for one. A value past 2^64 is refused by
  // libmicrohttpd itself, with 413, before the emulator sees the request.
  for (const auto& [length, status] : {std::pair{"-1", "HTTP/1.1 400"},
                                       {"99999999999", "HTTP/1.1 400"},
                                       {"1e6", "HTTP/1.1 400"},
                                       {"18446744073709551616", "HTTP/1.1 413"}}) {
    RawConnection c(server_->port());
    ASSERT_TRUE(c.Send(order + "Host: t\r\nAuthorization: Bearer " + kDefaultEditToken +
                       "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n"));
    EXPECT_THAT(c.ReadUntil(HasHead, std::chrono::seconds(5)), StartsWith(status)) << length;
  }
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send(order + "Host: t\r\nAuthorization: Bearer " + kDefaultEditToken +
                     "\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n"));
  const std::string reply = c.ReadToClose();
  EXPECT_THAT(reply, HasSubstr("\"code\":6003"));
  EXPECT_THAT(reply, HasSubstr("Content-Length 99999999999 is over the limit of 1048576 bytes"));
  EXPECT_TRUE(c.closed_by_peer());
}

TEST_F(EmulatorTest, PipelinedRequestsAreBothAnswered) {
  const std::string get = "GET /client/v4/zones HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                          std::string(kDefaultReadToken) + "\r\n\r\n";
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send(get + get));
  const std::string replies = c.ReadUntil([](const std::string& t) { return CountOf(t, "\"success\":true") == 2; });
  EXPECT_EQ(CountOf(replies, "HTTP/1.1 200 OK"), 2) << replies;
}

TEST_F(EmulatorTest, CommitThenDropSendsTheHeadAndClosesBeforeTheBody) {
  ASSERT_EQ(Admin("PUT", "/faults", Json(R"({"drops":[{"route":"*/order","rate":1,"remaining":1}]})")).status, 200);
  const std::string body = OrderBody({"example.com"}).serialize();
  RawConnection c(server_->port());
  ASSERT_TRUE(c.Send("POST /client/v4/zones/" + ZoneId() + "/ssl/certificate_packs/order HTTP/1.1\r\nHost: t\r\n" +
                     "Authorization: Bearer " + kDefaultEditToken + "\r\nContent-Type: application/json\r\n" +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body));
  const std::string reply = c.ReadToClose();
  EXPECT_THAT(reply, StartsWith("HTTP/1.1 200 OK"));
  ASSERT_TRUE(HasHead(reply));
  EXPECT_THAT(reply, HasSubstr("Content-Length: "));
  EXPECT_EQ(reply.substr(reply.find("\r\n\r\n") + 4), "");  // not one body byte
  EXPECT_TRUE(c.closed_by_peer());
}

}  // namespace
}  // namespace edgecert::emulator::testing
