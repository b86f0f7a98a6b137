// The emulator's DNS records (TXT and CNAME, what DCV needs) over HTTP: the type and exact-name
// filters with paging, the API's refusals with its codes, deletes, the history, and the --state file.
#include <filesystem>

#include "tests/api/emulator/emulator_fixture.h"

namespace edgecert::emulator::testing {
namespace {

using web::json::value;

value Record(const std::string& type, const std::string& name, const std::string& content) {
  value v = value::object();
  v["type"] = value::string(type);
  v["name"] = value::string(name);
  v["content"] = value::string(content);
  v["ttl"] = value::number(1);
  return v;
}

TEST_F(EmulatorTest, DnsRecordsAreCreatedListedByTypeAndNameAndDeleted) {
  const std::string path = "/zones/" + ZoneId() + "/dns_records";
  value txt = Record("TXT", "_acme-challenge.www.example.com", "token-1");
  txt["comment"] = value::string("managed by edgecert: CertificatePack/www");
  Reply created = Call("POST", path, txt);
  ASSERT_EQ(created.status, 200) << created.body.serialize();
  const std::string id = created.result().at("id").as_string();
  EXPECT_EQ(created.result().at("comment").as_string(), "managed by edgecert: CertificatePack/www");
  EXPECT_EQ(created.result().at("ttl").as_integer(), 1);
  ASSERT_EQ(Call("POST", path, Record("TXT", "_acme-challenge.www.example.com.", "token-2")).status, 200);
  ASSERT_EQ(Call("POST", path, Record("CNAME", "_acme-challenge.api.example.com", "dcv.example.net")).status, 200);

  Reply at_name = Call("GET", path + "?type=TXT&name=_acme-challenge.WWW.example.com");
  ASSERT_EQ(at_name.status, 200);
  ASSERT_EQ(at_name.result().size(), 2u);
  EXPECT_EQ(at_name.result().at(0).at("content").as_string(), "token-1");
  EXPECT_EQ(at_name.result().at(1).at("name").as_string(), "_acme-challenge.www.example.com");
  EXPECT_EQ(Call("GET", path + "?type=CNAME&name=_acme-challenge.www.example.com").result().size(), 0u);
  EXPECT_EQ(Call("GET", path).result().size(), 3u);
  EXPECT_EQ(Call("GET", "/zones/" + ZoneId("example.net") + "/dns_records").result().size(), 0u);

  Reply deleted = Call("DELETE", path + "/" + id);
  ASSERT_EQ(deleted.status, 200) << deleted.body.serialize();
  EXPECT_EQ(deleted.result().at("id").as_string(), id);
  EXPECT_EQ(Call("DELETE", path + "/" + id).code(), 81044);
  EXPECT_EQ(Call("DELETE", "/zones/" + ZoneId("example.net") + "/dns_records/" + id).code(), 81044);
  EXPECT_EQ(Call("GET", path + "?type=TXT&name=_acme-challenge.www.example.com").result().size(), 1u);

  Reply history = Admin("GET", "/history?kind=dns_record");
  ASSERT_EQ(history.result().size(), 4u);
  EXPECT_EQ(history.result().at(3).at("action").as_string(), "delete");
  EXPECT_EQ(history.result().at(3).at("id").as_string(), id);
}

TEST_F(EmulatorTest, DnsRecordsPageLikeEveryList) {
  const std::string path = "/zones/" + ZoneId() + "/dns_records";
  for (int i = 0; i < 7; ++i) {
    ASSERT_EQ(Call("POST", path, Record("TXT", "_acme-challenge.example.com", "t" + std::to_string(i))).status, 200);
  }
  Reply second = Call("GET", path + "?type=TXT&name=_acme-challenge.example.com&page=2&per_page=5");
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.result().size(), 2u);
  EXPECT_EQ(second.body.at("result_info").at("total_count").as_integer(), 7);
  EXPECT_EQ(second.body.at("result_info").at("total_pages").as_integer(), 2);
}

TEST_F(EmulatorTest, DnsRecordsRefuseWhatTheApiRefuses) {
  const std::string path = "/zones/" + ZoneId() + "/dns_records";
  ASSERT_EQ(Call("POST", path, Record("TXT", "_acme-challenge.example.com", "same")).status, 200);
  Reply identical = Call("POST", path, Record("TXT", "_acme-challenge.example.com", "same"));
  EXPECT_EQ(identical.status, 400);
  EXPECT_EQ(identical.code(), 81058);
  EXPECT_EQ(Call("POST", path, Record("CNAME", "_acme-challenge.example.com", "x.example.net")).code(), 81053);
  EXPECT_EQ(Call("POST", path, Record("A", "www.example.com", "192.0.2.1")).code(), 1004);
  Reply outside = Call("POST", path, Record("TXT", "_acme-challenge.shop.customer.test", "t"));
  EXPECT_EQ(outside.code(), 1004);
  EXPECT_NE(outside.body.at("errors").at(0).at("message").as_string().find("not in zone example.com"),
            std::string::npos);
  EXPECT_EQ(Call("POST", path, Record("TXT", "_x.example.com", "")).code(), 1004);
  value bad_ttl = Record("TXT", "_x.example.com", "t");
  bad_ttl["ttl"] = value::number(5);
  EXPECT_EQ(Call("POST", path, bad_ttl).code(), 1004);
  value long_comment = Record("TXT", "_x.example.com", "t");
  long_comment["comment"] = value::string(std::string(101, 'c'));
  EXPECT_EQ(Call("POST", path, long_comment).code(), 1004);
  EXPECT_EQ(Call("POST", path, Record("TXT", "_x.example.com", "t"), kDefaultReadToken).status, 403);
  EXPECT_EQ(Call("GET", path).result().size(), 1u);
}

TEST_F(EmulatorTest, DnsRecordsSurviveARestartWithAStateFile) {
  const auto dir = std::filesystem::temp_directory_path() / ("edgecert-emulator-dns-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  EmulatorOptions options = DefaultOptions();
  options.state_file = (dir / "state.json").string();
  Start(options);
  const std::string path = "/zones/" + ZoneId() + "/dns_records";
  value txt = Record("TXT", "_acme-challenge.example.com", "kept");
  txt["comment"] = value::string("managed by edgecert: CertificatePack/apex");
  Reply created = Call("POST", path, txt);
  ASSERT_EQ(created.status, 200) << created.body.serialize();
  ASSERT_TRUE(emulator_->SaveState().ok());
  Start(options);
  ASSERT_TRUE(emulator_->RestoreState(options.state_file).ok());
  Reply listed = Call("GET", path + "?type=TXT&name=_acme-challenge.example.com");
  ASSERT_EQ(listed.result().size(), 1u);
  EXPECT_EQ(listed.result().at(0).at("id").as_string(), created.result().at("id").as_string());
  EXPECT_EQ(listed.result().at(0).at("comment").as_string(), "managed by edgecert: CertificatePack/apex");
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace
}  // namespace edgecert::emulator::testing
