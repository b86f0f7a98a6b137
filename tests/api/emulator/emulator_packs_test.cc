// Certificate packs (order rules, lifecycle, list, quota, restart, delete), verification, universal
// SSL and the automatic SSL mode, over real HTTP.
#include <set>

#include "tests/api/emulator/emulator_fixture.h"

namespace edgecert::emulator::testing {
namespace {

using web::json::value;

class PackTest : public EmulatorTest {
 protected:
  std::string Packs() { return "/zones/" + ZoneId() + "/ssl/certificate_packs"; }
  Reply Order(value body) { return Call("POST", Packs() + "/order", body); }
};

TEST_F(PackTest, OrderReadsBackLikeTheApiAndWalksTheLifecycle) {
  Reply ordered = Order(OrderBody({"www.example.com", "Example.com", "api.example.com"}));
  ASSERT_EQ(ordered.status, 200);
  const value& pack = ordered.result();
  const std::string id = pack.at("id").as_string();
  EXPECT_EQ(id.size(), 32u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(pack.at("hosts").serialize(), R"(["example.com","api.example.com","www.example.com"])");
  EXPECT_EQ(pack.at("status").as_string(), "initializing");
  EXPECT_EQ(pack.at("type").as_string(), "advanced");
  EXPECT_FALSE(pack.has_field("cloudflare_branding"));  // false reads back as absent
  ASSERT_EQ(pack.at("validation_records").size(), 3u);
  EXPECT_EQ(pack.at("validation_records").at(0).at("txt_name").as_string(), "_acme-challenge.example.com");
  EXPECT_EQ(pack.at("validation_records").at(0).at("txt_value").as_string().size(), 32u);

  // Not active yet: the default list hides it; status=all shows it.
  EXPECT_EQ(Call("GET", Packs()).result().size(), 0u);
  EXPECT_EQ(Call("GET", Packs() + "?status=all").result().size(), 1u);
  const std::vector<std::pair<int, std::string>> steps = {
      {10, "pending_validation"}, {60, "pending_issuance"}, {30, "pending_deployment"}, {30, "active"}};
  for (const auto& [seconds, status] : steps) {
    Advance(seconds);
    EXPECT_EQ(Call("GET", Packs() + "/" + id).result().at("status").as_string(), status);
  }
  Reply active = Call("GET", Packs());
  ASSERT_EQ(active.result().size(), 1u);
  const value& done = active.result().at(0);
  EXPECT_FALSE(done.has_field("validation_records"));  // records disappear once validation is done
  EXPECT_EQ(done.at("certificates").size(), 2u);
  EXPECT_EQ(done.at("primary_certificate").as_string(), done.at("certificates").at(0).at("id").as_string());
}

TEST_F(PackTest, OrderRulesAnswerWithTheirCodes) {
  auto without = [&](const char* field) {
    value body = OrderBody({"example.com"});
    body.erase(field);
    return Order(body).code();
  };
  EXPECT_EQ(without("hosts"), 1401);
  EXPECT_EQ(without("type"), 1408);
  EXPECT_EQ(without("validation_method"), 1406);
  EXPECT_EQ(without("validity_days"), 1405);
  EXPECT_EQ(without("certificate_authority"), 1407);
  EXPECT_EQ(Order(OrderBody({})).code(), 1401);
  std::vector<std::string> many = {"example.com"};
  for (int i = 0; i < 50; ++i) many.push_back("h" + std::to_string(i) + ".example.com");
  Reply too_many = Order(OrderBody(many));
  EXPECT_EQ(too_many.status, 400);
  EXPECT_EQ(too_many.code(), 1402);
  EXPECT_EQ(Order(OrderBody({"www.example.com"})).code(), 1403);
  EXPECT_EQ(Order(OrderBody({"example.com", "www.example.org"})).code(), 1404);
  EXPECT_EQ(Order(OrderBody({"example.com", "*.example.com"}, "http")).code(), 1406);
  EXPECT_EQ(Order(OrderBody({"example.com"}, "dns")).code(), 1406);
  value body = OrderBody({"example.com"});
  body["validity_days"] = value::number(60);
  EXPECT_EQ(Order(body).code(), 1405);
  body = OrderBody({"example.com"});
  body["certificate_authority"] = value::string("digicert");
  EXPECT_EQ(Order(body).code(), 1407);
  body = OrderBody({"example.com"});
  body["cloudflare_branding"] = value::string("yes");
  EXPECT_EQ(Order(body).code(), 1412);
  EXPECT_EQ(Call("GET", Packs() + "?status=all").result().size(), 0u);
}

TEST_F(PackTest, QuotaReflectsUseAndRefusesOrdersOverIt) {
  auto options = DefaultOptions();
  options.config.zones[0].advanced_pack_quota = 2;
  Start(options);
  EXPECT_EQ(Call("GET", Packs() + "/quota").result().at("advanced").at("allocated").as_integer(), 2);
  ASSERT_EQ(Order(OrderBody({"example.com"})).status, 200);
  Reply second = Order(OrderBody({"example.com", "a.example.com"}));
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(Call("GET", Packs() + "/quota").result().at("advanced").at("used").as_integer(), 2);
  EXPECT_EQ(Order(OrderBody({"example.com"})).code(), 1409);
  EXPECT_EQ(Call("DELETE", Packs() + "/" + second.result().at("id").as_string()).status, 200);
  EXPECT_EQ(Call("GET", Packs() + "/quota").result().at("advanced").at("used").as_integer(), 1);
}

TEST_F(PackTest, PaginationAcrossPages) {
  for (int i = 0; i < 7; ++i) ASSERT_EQ(Order(OrderBody({"example.com", "p" + std::to_string(i) + ".example.com"})).status, 200);
  std::set<std::string> seen;
  for (int page = 1; page <= 3; ++page) {
    Reply p = Call("GET", Packs() + "?status=all&per_page=5&page=" + std::to_string(page));
    const value& info = p.body.at("result_info");
    EXPECT_EQ(info.at("total_count").as_integer(), 7);
    EXPECT_EQ(info.at("total_pages").as_integer(), 2);
    EXPECT_EQ(info.at("count").as_integer(), page == 1 ? 5 : page == 2 ? 2 : 0);
    for (const auto& pack : p.result().as_array()) seen.insert(pack.at("id").as_string());
  }
  EXPECT_EQ(seen.size(), 7u);
}

TEST_F(PackTest, TimedOutValidationRestartsOnlyFromValidationTimedOut) {
  ASSERT_EQ(Admin("PUT", "/faults", Json(R"({"validation_timeouts":[{"pattern":"*.slow.example.com","attempts":1}]})")).status,
            200);
  const std::string id = Order(OrderBody({"example.com", "a.slow.example.com"})).result().at("id").as_string();
  EXPECT_EQ(Call("PATCH", Packs() + "/" + id, value::object()).code(), 1411);  // still initializing
  Advance(70);
  Reply timed_out = Call("GET", Packs() + "/" + id);
  EXPECT_EQ(timed_out.result().at("status").as_string(), "validation_timed_out");
  EXPECT_EQ(timed_out.result().at("validation_errors").size(), 1u);
  Advance(600);
  EXPECT_EQ(Call("GET", Packs() + "/" + id).result().at("status").as_string(), "validation_timed_out");
  Reply restarted = Call("PATCH", Packs() + "/" + id, value::object());
  ASSERT_EQ(restarted.status, 200);
  EXPECT_EQ(restarted.result().at("status").as_string(), "initializing");
  Advance(130);  // the second attempt is not in the fault's first `attempts`
  EXPECT_EQ(Call("GET", Packs() + "/" + id).result().at("status").as_string(), "active");
}

TEST_F(PackTest, PatchSetsBrandingAndDeleteRemoves) {
  const std::string id = Order(OrderBody({"example.com"})).result().at("id").as_string();
  Reply branded = Call("PATCH", Packs() + "/" + id, Json(R"({"cloudflare_branding":true})"));
  ASSERT_EQ(branded.status, 200);
  EXPECT_TRUE(branded.result().at("cloudflare_branding").as_bool());
  EXPECT_EQ(Call("PATCH", Packs() + "/" + id, Json(R"({"cloudflare_branding":1})")).code(), 1412);
  Reply deleted = Call("DELETE", Packs() + "/" + id);
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.result().at("id").as_string(), id);
  Reply gone = Call("GET", Packs() + "/" + id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(gone.code(), 1410);
  EXPECT_EQ(Call("DELETE", Packs() + "/" + id).status, 404);
  EXPECT_EQ(Call("GET", "/zones/" + ZoneId("example.net") + "/ssl/certificate_packs/" + id).status, 404);
}

TEST_F(PackTest, HistoryProvesHostsStayCoveredDuringAReplacement) {
  const std::string old_id = Order(OrderBody({"example.com", "www.example.com"})).result().at("id").as_string();
  Advance(200);
  const std::string new_id = Order(OrderBody({"example.com", "www.example.com", "api.example.com"})).result().at("id").as_string();
  Advance(130);
  ASSERT_EQ(Call("GET", Packs() + "/" + new_id).result().at("status").as_string(), "active");
  ASSERT_EQ(Call("DELETE", Packs() + "/" + old_id).status, 200);
  Reply history = Admin("GET", "/history?kind=certificate_pack&scope_id=" + ZoneId());
  ASSERT_EQ(history.result().size(), 3u);
  const value& created = history.result().at(1);
  const value& deleted = history.result().at(2);
  EXPECT_EQ(created.at("id").as_string(), new_id);
  EXPECT_EQ(deleted.at("action").as_string(), "delete");
  // The new pack was active (active_at) no later than the moment the old one was deleted.
  EXPECT_LE(created.at("object").at("active_at").as_string(), deleted.at("at").as_string());
}

TEST_F(PackTest, VerificationListAndMethodChange) {
  const std::string id = Order(OrderBody({"example.com"})).result().at("id").as_string();
  Reply list = Call("GET", "/zones/" + ZoneId() + "/ssl/verification");
  ASSERT_EQ(list.result().size(), 1u);
  EXPECT_EQ(list.result().at(0).at("cert_pack_uuid").as_string(), id);
  EXPECT_EQ(list.result().at(0).at("certificate_status").as_string(), "initializing");
  EXPECT_EQ(list.result().at(0).at("verification_info").at("record_name").as_string(), "_acme-challenge.example.com");
  const std::string path = "/zones/" + ZoneId() + "/ssl/verification/" + id;
  Reply changed = Call("PATCH", path, Json(R"({"validation_method":"http"})"));
  ASSERT_EQ(changed.status, 200);
  EXPECT_EQ(changed.result().at("validation_method").as_string(), "http");
  EXPECT_EQ(Call("GET", Packs() + "/" + id).result().at("validation_records").at(0).at("http_url").as_string().rfind(
                "http://example.com/.well-known/acme-challenge/", 0),
            0u);
  EXPECT_EQ(Call("PATCH", path, Json(R"({"validation_method":"dns"})")).code(), 1406);
  EXPECT_EQ(Call("PATCH", path, Json(R"({"validation_method":"cname"})")).code(), 1413);
  EXPECT_EQ(Call("PATCH", "/zones/" + ZoneId() + "/ssl/verification/" + std::string(32, 'a'),
                 Json(R"({"validation_method":"txt"})")).status, 404);
  Advance(200);
  EXPECT_EQ(Call("PATCH", path, Json(R"({"validation_method":"txt"})")).code(), 1413);
  EXPECT_EQ(Call("GET", "/zones/" + ZoneId() + "/ssl/verification").result().at(0).at("certificate_status").as_string(),
            "active");
}

TEST_F(PackTest, UniversalSslAndAutomaticMode) {
  const std::string universal = "/zones/" + ZoneId() + "/ssl/universal/settings";
  EXPECT_TRUE(Call("GET", universal).result().at("enabled").as_bool());
  EXPECT_FALSE(Call("PATCH", universal, Json(R"({"enabled":false})")).result().at("enabled").as_bool());
  EXPECT_FALSE(Call("GET", universal).result().at("enabled").as_bool());
  EXPECT_EQ(Call("PATCH", universal, Json(R"({"enabled":"no"})")).code(), 1420);
  const std::string mode = "/zones/" + ZoneId() + "/settings/ssl_automatic_mode";
  Reply initial = Call("GET", mode);
  EXPECT_EQ(initial.result().at("value").as_string(), "auto");
  EXPECT_EQ(initial.result().at("id").as_string(), "ssl_automatic_mode");
  EXPECT_TRUE(initial.result().at("editable").as_bool());
  Reply custom = Call("PATCH", mode, Json(R"({"value":"custom"})"));
  EXPECT_EQ(custom.result().at("value").as_string(), "custom");
  EXPECT_TRUE(custom.result().at("modified_on").is_string());
  EXPECT_EQ(Call("PATCH", mode, Json(R"({"value":"manual"})")).code(), 1421);
  EXPECT_TRUE(Call("GET", "/zones/" + ZoneId("example.net") + "/ssl/universal/settings").result().at("enabled").as_bool());
}

}  // namespace
}  // namespace edgecert::emulator::testing
