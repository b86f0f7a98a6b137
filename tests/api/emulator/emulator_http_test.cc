// Routing, envelopes, pagination, auth, faults, admin calls and concurrency, over real HTTP.
#include <set>
#include <thread>

#include "api/emulator/error_codes.h"
#include "tests/api/emulator/emulator_fixture.h"

namespace edgecert::emulator::testing {
namespace {

using web::json::value;

TEST(ErrorCodeTable, EveryCodeIsUniqueAndHasAStatusAndMessage) {
  std::set<int> codes;
  for (const auto& info : ErrorCodeTable()) {
    EXPECT_TRUE(codes.insert(static_cast<int>(info.code)).second) << static_cast<int>(info.code);
    EXPECT_GE(info.http_status, 400);
    EXPECT_FALSE(info.message.empty());
  }
  EXPECT_EQ(LookupErrorCode(ErrorCode::kPackApexMissing).http_status, 400);
}

TEST_F(EmulatorTest, ZonesListWithNameAndAccountFilters) {
  Reply all = Call("GET", "/zones");
  ASSERT_EQ(all.status, 200);
  EXPECT_TRUE(all.body.at("success").as_bool());
  EXPECT_EQ(all.result().size(), 2u);
  EXPECT_EQ(all.body.at("result_info").at("total_count").as_integer(), 2);
  Reply one = Call("GET", "/zones?name=example.net&account.id=" + AccountId());
  ASSERT_EQ(one.result().size(), 1u);
  EXPECT_EQ(one.result().at(0).at("id").as_string(), ZoneId("example.net"));
  EXPECT_EQ(one.result().at(0).at("account").at("id").as_string(), AccountId());
  EXPECT_EQ(Call("GET", "/zones?name=nope.org").result().size(), 0u);
  EXPECT_EQ(Call("GET", "/zones?name=ends_with:.net").result().size(), 1u);
  Reply accounts = Call("GET", "/accounts", std::nullopt, kDefaultReadToken);
  ASSERT_EQ(accounts.result().size(), 1u);
  EXPECT_EQ(accounts.result().at(0).at("name").as_string(), "Emulator Account");
  // Query strings are form-encoded: '+' is a space, %2B a plus.
  EXPECT_EQ(Call("GET", "/accounts?name=Emulator+Account", std::nullopt, kDefaultReadToken).result().size(), 1u);
  EXPECT_EQ(Call("GET", "/accounts?name=Emulator%2BAccount", std::nullopt, kDefaultReadToken).result().size(), 0u);
}

TEST_F(EmulatorTest, PagePastTheEndIsEmptyWithTrueResultInfo) {
  Reply page = Call("GET", "/zones?per_page=5&page=4");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.result().size(), 0u);
  const value& info = page.body.at("result_info");
  EXPECT_EQ(info.at("page").as_integer(), 4);
  EXPECT_EQ(info.at("per_page").as_integer(), 5);
  EXPECT_EQ(info.at("count").as_integer(), 0);
  EXPECT_EQ(info.at("total_count").as_integer(), 2);
  EXPECT_EQ(info.at("total_pages").as_integer(), 1);
  EXPECT_EQ(Call("GET", "/zones?page=0").code(), 1002);
  EXPECT_EQ(Call("GET", "/zones?per_page=abc").code(), 1002);
}

TEST_F(EmulatorTest, RoutingErrors) {
  Reply unknown = Call("GET", "/zones/" + ZoneId() + "/nothing_here");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.code(), 7000);
  EXPECT_FALSE(unknown.body.at("success").as_bool());
  EXPECT_TRUE(unknown.result().is_null());
  EXPECT_EQ(Call("PUT", "/zones/" + ZoneId() + "/ssl/certificate_packs").status, 405);
  EXPECT_EQ(Call("PUT", "/zones/" + ZoneId() + "/ssl/certificate_packs").code(), 7001);
  Reply zone = Call("GET", "/zones/0123456789abcdef0123456789abcdef/ssl/certificate_packs");
  EXPECT_EQ(zone.status, 404);
  EXPECT_EQ(zone.code(), 7003);
  EXPECT_EQ(Call("GET", "/accounts/0123456789abcdef0123456789abcdef/mtls_certificates").code(), 7003);
  EXPECT_EQ(CallWithHeaders("GET", "/elsewhere", "", {}).status, 404);
}

TEST_F(EmulatorTest, BodyErrors) {
  const std::string path = "/client/v4/zones/" + ZoneId() + "/ssl/certificate_packs/order";
  const std::map<std::string, std::string> auth = {{"Authorization", std::string("Bearer ") + kDefaultEditToken}};
  auto text = auth;
  text["Content-Type"] = "text/plain";
  Reply wrong_type = CallWithHeaders("POST", path, "{}", text);
  EXPECT_EQ(wrong_type.status, 415);
  EXPECT_EQ(wrong_type.code(), 6003);
  Reply malformed = CallWithHeaders("POST", path, "{\"type\":", auth);
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.code(), 6007);
  Reply array = CallWithHeaders("POST", path, "[1,2]", auth);
  EXPECT_EQ(array.status, 400);
  EXPECT_EQ(array.code(), 6007);
}

TEST_F(EmulatorTest, AuthenticationFailures) {
  const std::string path = "/client/v4/zones";
  EXPECT_EQ(CallWithHeaders("GET", path, "", {}).status, 401);
  EXPECT_EQ(CallWithHeaders("GET", path, "", {}).code(), 9106);
  Reply bad = CallWithHeaders("GET", path, "", {{"Authorization", "Bearer not-a-token"}});
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(bad.code(), 9109);
  EXPECT_EQ(CallWithHeaders("GET", path, "", {{"Authorization", "Basic abc"}}).code(), 9109);
  Reply key = CallWithHeaders("GET", path, "", {{"X-Auth-Email", kDefaultEmail}, {"X-Auth-Key", kDefaultApiKey}});
  EXPECT_EQ(key.status, 200);
  Reply wrong_key = CallWithHeaders("GET", path, "", {{"X-Auth-Email", kDefaultEmail}, {"X-Auth-Key", "wrong"}});
  EXPECT_EQ(wrong_key.status, 401);
  EXPECT_EQ(wrong_key.code(), 9103);
  EXPECT_EQ(CallWithHeaders("GET", path, "", {{"X-Auth-Email", kDefaultEmail}}).code(), 9106);
  // A read token reads but cannot write.
  EXPECT_EQ(Call("GET", "/zones/" + ZoneId() + "/ssl/certificate_packs", std::nullopt, kDefaultReadToken).status, 200);
  Reply write = Call("POST", "/zones/" + ZoneId() + "/ssl/certificate_packs/order", OrderBody({"example.com"}),
                     kDefaultReadToken);
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(write.code(), 10000);
}

// A revoked credential (as after rolling a token) is refused from then on; the others keep working and
// a reset restores it.
TEST_F(EmulatorTest, RevokedCredentialsAreRefused) {
  const std::string packs = "/zones/" + ZoneId() + "/ssl/certificate_packs";
  EXPECT_EQ(Call("GET", packs, std::nullopt, kDefaultReadToken).status, 200);
  EXPECT_EQ(Admin("POST", "/credentials/revoke", web::json::value::parse(R"({"name":"default-read-token"})")).status, 200);
  Reply refused = Call("GET", packs, std::nullopt, kDefaultReadToken);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.code(), 9109);
  EXPECT_EQ(Call("GET", packs).status, 200);  // the edit token
  EXPECT_EQ(Admin("POST", "/credentials/revoke", web::json::value::parse(R"({"name":"nobody"})")).status, 400);
  EXPECT_EQ(Admin("POST", "/reset").status, 200);
  EXPECT_EQ(Call("GET", packs, std::nullopt, kDefaultReadToken).status, 200);
}

TEST_F(EmulatorTest, TokensAreScopedToZonesAndAccounts) {
  auto config = ParseEmulatorConfig(R"(
accounts:
  - name: Main
  - name: Other
zones:
  - name: example.com
    account: Main
  - name: example.org
    account: Other
credentials:
  - name: com-only
    token: zone-token
    permission: edit
    zones: [example.com]
  - name: other-account
    token: account-token
    permission: read
    accounts: [Other]
)");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EmulatorOptions options = DefaultOptions();
  options.config = *config;
  Start(options);
  const std::string com = StableId("zone:example.com"), org = StableId("zone:example.org");
  EXPECT_EQ(Call("GET", "/zones/" + com + "/ssl/certificate_packs", std::nullopt, "zone-token").status, 200);
  EXPECT_EQ(Call("GET", "/zones/" + org + "/ssl/certificate_packs", std::nullopt, "zone-token").status, 403);
  EXPECT_EQ(Call("GET", "/zones", std::nullopt, "zone-token").result().size(), 1u);
  EXPECT_EQ(Call("GET", "/zones/" + org + "/ssl/certificate_packs", std::nullopt, "account-token").status, 200);
  EXPECT_EQ(Call("GET", "/accounts/" + StableId("account:Main") + "/mtls_certificates", std::nullopt, "account-token").status,
            403);
  EXPECT_EQ(Call("GET", "/accounts/" + StableId("account:Other") + "/mtls_certificates", std::nullopt, "account-token").status,
            200);
  EXPECT_EQ(Call("GET", "/accounts", std::nullopt, "account-token").result().size(), 1u);
  EXPECT_FALSE(ParseEmulatorConfig("accounts: [{name: A}]\ncredentials: [{name: x, token: t, zones: [nope]}]").ok());
}

TEST_F(EmulatorTest, RateLimitAnswers429WithRetryAfterUntilTheWindowPasses) {
  EmulatorOptions options = DefaultOptions();
  options.config.rate_limit = {3, 60};
  Start(options);
  for (int i = 0; i < 3; ++i) {
    Reply ok = Call("GET", "/zones");
    ASSERT_EQ(ok.status, 200);
    EXPECT_EQ(ok.headers["Ratelimit"], "\"default\";r=" + std::to_string(2 - i) + ";t=60");
    EXPECT_EQ(ok.headers["Ratelimit-Policy"], "\"default\";q=3;w=60");
  }
  Reply limited = Call("GET", "/zones");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.code(), 971);
  EXPECT_EQ(limited.headers["Retry-After"], "60");
  // Other credentials have their own budget.
  EXPECT_EQ(Call("GET", "/zones", std::nullopt, kDefaultReadToken).status, 200);
  Advance(30);
  EXPECT_EQ(Call("GET", "/zones").headers["Retry-After"], "30");
  Advance(31);
  EXPECT_EQ(Call("GET", "/zones").status, 200);
}

TEST_F(EmulatorTest, InjectedErrorFailsBeforeTheWrite) {
  ASSERT_EQ(Admin("PUT", "/faults", Json(R"({"errors":[{"route":"*/order","method":"POST","rate":1,"status":502,"remaining":1}]})"))
                .status,
            200);
  const std::string path = "/zones/" + ZoneId() + "/ssl/certificate_packs/order";
  Reply failed = Call("POST", path, OrderBody({"example.com"}));
  EXPECT_EQ(failed.status, 502);
  EXPECT_EQ(failed.code(), 10002);
  EXPECT_EQ(Call("GET", "/zones/" + ZoneId() + "/ssl/certificate_packs?status=all").result().size(), 0u);
  EXPECT_EQ(Call("POST", path, OrderBody({"example.com"})).status, 200);
  EXPECT_EQ(Admin("GET", "/faults").result().at("errors").at(0).at("remaining").as_integer(), 0);
  EXPECT_EQ(Admin("PUT", "/faults", Json(R"({"errors":[{"rate":2}]})")).status, 400);
}

TEST_F(EmulatorTest, InjectedLatencyWaitsOnTheBaseClock) {
  ASSERT_EQ(Admin("PUT", "/faults", Json(R"({"latency":[{"route":"/zones","min_ms":250,"max_ms":250}]})")).status, 200);
  const auto before = clock_.Now();
  EXPECT_EQ(Call("GET", "/zones").status, 200);
  EXPECT_GE(clock_.Now() - before, std::chrono::milliseconds(250));
  const auto after = clock_.Now();
  EXPECT_EQ(Call("GET", "/accounts").status, 200);  // other routes are not slowed
  EXPECT_EQ(clock_.Now(), after);
}

TEST_F(EmulatorTest, CommitThenDropClosesTheConnectionAfterTheWrite) {
  ASSERT_EQ(Admin("PUT", "/faults", Json(R"({"drops":[{"route":"*/order","rate":1,"remaining":1}]})")).status, 200);
  const std::string path = "/zones/" + ZoneId() + "/ssl/certificate_packs/order";
  EXPECT_ANY_THROW(Call("POST", path, OrderBody({"example.com"})));
  // The write happened: the pack is there.
  Reply listed = Call("GET", "/zones/" + ZoneId() + "/ssl/certificate_packs?status=all");
  ASSERT_EQ(listed.result().size(), 1u);
  EXPECT_EQ(Call("POST", path, OrderBody({"example.com"})).status, 200);
}

TEST_F(EmulatorTest, AdminClockStateHistoryAndReset) {
  Reply clock = Admin("GET", "/clock");
  ASSERT_EQ(clock.status, 200);
  const auto start = clock.result().at("now_unix_ms").as_number().to_int64();
  Advance(90);
  EXPECT_EQ(Admin("GET", "/clock").result().at("now_unix_ms").as_number().to_int64() - start, 90'000);
  ASSERT_EQ(Call("POST", "/zones/" + ZoneId() + "/ssl/certificate_packs/order", OrderBody({"example.com"})).status, 200);
  Reply state = Admin("GET", "/state");
  EXPECT_EQ(state.result().at("zones").at(ZoneId()).at("certificate_packs").size(), 1u);
  Reply history = Admin("GET", "/history?kind=certificate_pack");
  ASSERT_EQ(history.result().size(), 1u);
  EXPECT_EQ(history.result().at(0).at("action").as_string(), "create");
  EXPECT_EQ(history.result().at(0).at("credential").as_string(), "default-edit-token");
  EXPECT_EQ(Admin("GET", "/history?since=1").result().size(), 0u);
  EXPECT_EQ(Admin("POST", "/reset").status, 200);
  EXPECT_EQ(Admin("GET", "/state").result().at("zones").at(ZoneId()).at("certificate_packs").size(), 0u);
  EXPECT_EQ(Admin("GET", "/reset").status, 405);
  EXPECT_EQ(Admin("GET", "/nothing").status, 404);
  EXPECT_EQ(Admin("POST", "/clock/advance", Json(R"({"seconds":"x"})")).status, 400);
}

TEST_F(EmulatorTest, ParallelClientsNeverLoseUpdates) {
  auto config = DefaultOptions();
  config.config.zones[0].advanced_pack_quota = 1000;
  Start(config);
  constexpr int kThreads = 8, kPerThread = 15;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      web::http::client::http_client client(server_->base_url());
      for (int i = 0; i < kPerThread; ++i) {
        web::http::http_request request("POST");
        request.set_request_uri(std::string(kApiPrefix) + "/zones/" + ZoneId() + "/ssl/certificate_packs/order");
        request.headers().add("Authorization", std::string("Bearer ") + kDefaultEditToken);
        request.set_body(OrderBody({"example.com", "h" + std::to_string(t) + "-" + std::to_string(i) + ".example.com"}));
        if (client.request(request).get().status_code() == 200) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  Reply listed = Call("GET", "/zones/" + ZoneId() + "/ssl/certificate_packs?status=all&per_page=50");
  EXPECT_EQ(listed.body.at("result_info").at("total_count").as_integer(), kThreads * kPerThread);
  std::set<std::string> ids;
  for (int page = 1; page <= 3; ++page) {
    Reply p = Call("GET", "/zones/" + ZoneId() + "/ssl/certificate_packs?status=all&per_page=50&page=" + std::to_string(page));
    for (const auto& pack : p.result().as_array()) ids.insert(pack.at("id").as_string());
  }
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_EQ(Admin("GET", "/history").result().size(), static_cast<std::size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace edgecert::emulator::testing
