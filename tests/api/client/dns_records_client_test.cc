// The DNS records calls (beyond the SSL subset) over a scripted loopback server: the type/name filter
// and paging across pages, the API's errors as values (an identical record, a missing field), a create
// never resent once it may have gone out, and a delete of a record already gone counted as done.
#include <gtest/gtest.h>

#include "tests/api/client/client_harness.h"
#include "tests/api/client/scripted_server.h"

namespace edgecert::api::testing {
namespace {

std::string Record(const std::string& id, const std::string& content) {
  return R"({"id":")" + id + R"(","type":"TXT","name":"_acme-challenge.example.com","content":")" + content +
         R"(","ttl":1,"comment":"managed by edgecert: CertificatePack/www","created_on":"2024-01-01T00:00:00Z"})";
}

CreateDnsRecordRequest Txt() { return {"TXT", "_acme-challenge.example.com", "tok", 1, "managed by edgecert"}; }

TEST(DnsRecordsClientTest, ListFiltersByTypeAndNameAndFollowsEveryPage) {
  ScriptedServer server([](const ReceivedRequest& req) {
    const int page = std::stoi(req.target.substr(req.target.find("page=") + 5));
    const std::string items = page == 1 ? Record("d1", "a") + "," + Record("d2", "b") : Record("d3", "c");
    return ScriptedReply::Json(
        200, Envelope("[" + items + "]", R"({"page":)" + std::to_string(page) +
                                             R"(,"per_page":2,"count":1,"total_count":3,"total_pages":2})"));
  });
  HarnessOptions o;
  o.caller.per_page = 2;
  ClientHarness h(server.base_url(), o);
  auto records = h.client().ListDnsRecords("z1", {"TXT", "_acme-challenge.example.com"});
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[2].id, "d3");
  EXPECT_EQ((*records)[0].content, "a");
  EXPECT_EQ((*records)[0].ttl, 1);
  EXPECT_EQ((*records)[0].comment, "managed by edgecert: CertificatePack/www");
  ASSERT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.requests()[1].target,
            "/zones/z1/dns_records?type=TXT&name=_acme-challenge.example.com&page=2&per_page=2");
}

TEST(DnsRecordsClientTest, AnIdenticalRecordIsADefiniteFailureCarryingTheApiCode) {
  ScriptedServer server([](const ReceivedRequest&) {
    return ScriptedReply::Json(400, ErrorEnvelope(81058, "An identical record already exists."));
  });
  ClientHarness h(server.base_url());
  auto created = h.client().CreateDnsRecord("z1", Txt());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kInvalidArgument) << created.status().ToString();
  EXPECT_NE(created.status().message().find("[81058] An identical record already exists."), std::string::npos)
      << created.status().ToString();
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(DnsRecordsClientTest, ACreateThatMayHaveGoneOutIsAmbiguousAndNotResent) {
  ScriptedServer server(
      [](const ReceivedRequest&) { return ScriptedReply::Json(502, ErrorEnvelope(10002, "bad gateway")); });
  ClientHarness h(server.base_url());
  auto created = h.client().CreateDnsRecord("z1", Txt());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kAmbiguous) << created.status().ToString();
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(DnsRecordsClientTest, ARecordWithoutContentIsReportedNamingTheField) {
  ScriptedServer server([](const ReceivedRequest&) {
    return ScriptedReply::Json(200, Envelope(R"([{"id":"d1","type":"TXT","name":"x.example.com"}])",
                                             R"({"page":1,"per_page":50,"count":1,"total_count":1,"total_pages":1})"));
  });
  ClientHarness h(server.base_url());
  auto records = h.client().ListDnsRecords("z1", {"TXT", "x.example.com"});
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().code(), StatusCode::kInternal);
  EXPECT_NE(records.status().message().find("DNS record: required field \"content\""), std::string::npos)
      << records.status().ToString();
}

TEST(DnsRecordsClientTest, DeletingARecordAlreadyGoneIsDone) {
  ScriptedServer server(
      [](const ReceivedRequest&) { return ScriptedReply::Json(404, ErrorEnvelope(81044, "Record does not exist.")); });
  ClientHarness h(server.base_url());
  EXPECT_TRUE(h.client().DeleteDnsRecord("z1", "d1").ok());
}

}  // namespace
}  // namespace edgecert::api::testing
