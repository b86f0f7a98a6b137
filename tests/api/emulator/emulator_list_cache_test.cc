// The emulator's rendered-answer cache (response_cache.h): a pack list is rendered once and given out
// again only while nothing it shows can have changed. Every answer is checked against what the emulator
// computes without the cache (GET of each pack, which is never cached), across writes, admin calls and
// lifecycle steps reached by moving the base clock alone.
#include <chrono>

#include "api/emulator/lifecycle.h"
#include "api/emulator/response_cache.h"
#include "tests/api/emulator/emulator_fixture.h"

namespace edgecert::emulator::testing {
namespace {

using web::json::value;

class ListCacheTest : public EmulatorTest {
 protected:
  std::string Packs() { return "/zones/" + ZoneId() + "/ssl/certificate_packs"; }
  std::string Order(const std::string& host) {
    Reply ordered = Call("POST", Packs() + "/order", OrderBody({"example.com", host}));
    EXPECT_EQ(ordered.status, 200);
    return ordered.status == 200 ? ordered.result().at("id").as_string() : std::string();
  }
  // The list with status=all must show exactly what GET of each pack shows now.
  void ExpectListMatchesPacks(const std::string& when) {
    const value list = Call("GET", Packs() + "?status=all").result();
    std::size_t active = 0;
    for (const value& listed : list.as_array()) {
      const value single = Call("GET", Packs() + "/" + listed.at("id").as_string()).result();
      EXPECT_EQ(listed.serialize(), single.serialize()) << when;
      if (single.at("status").as_string() == "active") ++active;
    }
    EXPECT_EQ(Call("GET", Packs()).result().size(), active) << when << ": the default list shows the active ones";
  }
};

TEST_F(ListCacheTest, RepeatedListIsTheSameBytes) {
  Order("a.example.com");
  Order("b.example.com");
  const Reply first = Call("GET", Packs() + "?status=all");
  const Reply again = Call("GET", Packs() + "?status=all");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body.serialize(), again.body.serialize());
  EXPECT_EQ(first.result().size(), 2u);
}

TEST_F(ListCacheTest, WritesShowAtOnce) {
  const std::string a = Order("a.example.com");
  ASSERT_EQ(Call("GET", Packs() + "?status=all").result().size(), 1u);
  const std::string b = Order("b.example.com");
  EXPECT_EQ(Call("GET", Packs() + "?status=all").result().size(), 2u);
  ASSERT_EQ(Call("DELETE", Packs() + "/" + a).status, 200);
  const value after_delete = Call("GET", Packs() + "?status=all").result();
  ASSERT_EQ(after_delete.size(), 1u);
  EXPECT_EQ(after_delete.at(0).at("id").as_string(), b);
  ASSERT_EQ(Admin("POST", "/reset").status, 200);
  EXPECT_EQ(Call("GET", Packs() + "?status=all").result().size(), 0u);
}

TEST_F(ListCacheTest, LifecycleStepsShowWithoutAnyWrite) {
  Order("a.example.com");
  clock_.Advance(std::chrono::seconds(7));  // the second pack is 7 s behind the first
  Order("b.example.com");
  ExpectListMatchesPacks("after the orders");
  // Only the base clock moves: no request touches the state, so only the time window can end an entry.
  for (int second = 1; second <= 150; ++second) {
    clock_.Advance(std::chrono::seconds(1));
    ExpectListMatchesPacks("at +" + std::to_string(second) + " s");
  }
  EXPECT_EQ(Call("GET", Packs()).result().size(), 2u);
}

TEST_F(ListCacheTest, EachQueryHasItsOwnAnswer) {
  for (int i = 0; i < 6; ++i) Order("h" + std::to_string(i) + ".example.com");
  EXPECT_EQ(Call("GET", Packs() + "?status=all&per_page=5").result().size(), 5u);
  EXPECT_EQ(Call("GET", Packs() + "?status=all&per_page=10").result().size(), 6u);
  EXPECT_EQ(Call("GET", Packs() + "?per_page=5&status=all&page=2").result().size(), 1u);
  EXPECT_EQ(Call("GET", Packs() + "?status=all&page=2&per_page=5").result().size(), 1u);
  EXPECT_EQ(Call("GET", Packs() + "?status=all&per_page=5").result().size(), 5u);
  EXPECT_EQ(Call("GET", Packs()).result().size(), 0u) << "none active yet";
}

TEST(ResponseCacheTest, KeyKeepsCraftedParametersApart) {
  ApiRequest one;
  one.method = "GET";
  one.path = "/zones/z/ssl/certificate_packs";
  one.query = {{"status", "all 8:per_page1:5"}};
  ApiRequest two = one;
  two.query = {{"status", "all"}, {"per_page", "5"}};
  EXPECT_NE(ResponseCache::Key(one), ResponseCache::Key(two));
  ApiRequest post = two;
  post.method = "POST";
  EXPECT_NE(ResponseCache::Key(post), ResponseCache::Key(two));
}

TEST(ResponseCacheTest, AnEntryLivesInsideItsVersionAndWindowOnly) {
  const Clock::TimePoint t0{std::chrono::hours(1000)};
  ResponseCache cache;
  ApiResponse response;
  response.body = value::parse(R"({"result":[1,2]})");
  response.headers["X-Test"] = "1";
  response.reusable_until = t0 + std::chrono::seconds(10);
  cache.Put("k", 3, t0, response);
  auto hit = cache.Find("k", 3, t0 + std::chrono::seconds(9));
  ASSERT_TRUE(hit.has_value());
  ASSERT_NE(hit->rendered_body, nullptr);
  EXPECT_EQ(*hit->rendered_body, R"({"result":[1,2]})");
  EXPECT_EQ(hit->headers.at("X-Test"), "1");
  EXPECT_FALSE(cache.Find("k", 3, t0 + std::chrono::seconds(10)).has_value()) << "the window is half-open";
  EXPECT_FALSE(cache.Find("k", 3, t0 - std::chrono::seconds(1)).has_value()) << "a clock set back misses";
  EXPECT_FALSE(cache.Find("k", 4, t0).has_value()) << "a newer state version misses";
  EXPECT_FALSE(cache.Find("other", 3, t0).has_value());
  ApiResponse not_reusable;
  cache.Put("n", 3, t0, not_reusable);
  EXPECT_FALSE(cache.Find("n", 3, t0).has_value());
}

TEST(ResponseCacheTest, StaysBounded) {
  const Clock::TimePoint t0{std::chrono::hours(1000)};
  ResponseCache cache(2);
  ApiResponse response;
  response.reusable_until = t0 + std::chrono::seconds(1);
  cache.Put("a", 1, t0, response);
  cache.Put("b", 1, t0, response);
  cache.Put("c", 1, t0, response);  // full: starts over
  EXPECT_FALSE(cache.Find("a", 1, t0).has_value());
  EXPECT_TRUE(cache.Find("c", 1, t0).has_value());
}

// NextSslPhaseChange names exactly the times at which ComputeSslPhase's answer changes.
TEST(LifecycleTest, NextPhaseChangeIsWhereThePhaseChanges) {
  LifecycleConfig life;
  const Clock::TimePoint start{std::chrono::hours(1000)};
  for (bool times_out : {false, true}) {
    for (int s = -5; s <= 200; ++s) {
      const Clock::TimePoint now = start + std::chrono::seconds(s);
      const std::string status = ComputeSslPhase(start, times_out, now, life).status;
      const auto next = NextSslPhaseChange(start, times_out, now, life);
      const std::string at_end = ComputeSslPhase(start, times_out, start + std::chrono::seconds(400), life).status;
      if (!next) {
        EXPECT_EQ(status, at_end) << s << " s: settled";
        continue;
      }
      ASSERT_GT(*next, now);
      EXPECT_EQ(ComputeSslPhase(start, times_out, *next - std::chrono::seconds(1), life).status, status) << s;
      EXPECT_NE(ComputeSslPhase(start, times_out, *next, life).status, status) << s;
    }
  }
}

}  // namespace
}  // namespace edgecert::emulator::testing
