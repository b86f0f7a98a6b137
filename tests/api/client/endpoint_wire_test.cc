// Every CloudflareClient method sends the method, path, query and body the wire contract names, and
// maps the answer. The server here is a scripted loopback server; the emulator tests repeat this
// against a faithful implementation.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <set>

#include "api/client/endpoints.h"
#include "tests/api/client/client_harness.h"
#include "tests/api/client/scripted_server.h"

namespace edgecert::api::testing {
namespace {

using Json = web::json::value;

const std::string kPack = R"({"id":"p1","type":"advanced","hosts":["example.com"],"status":"active"})";
const std::string kMtls = R"({"id":"m1","certificates":"PEM","ca":true,"name":"root"})";
const std::string kClientCert = R"({"id":"c1","status":"active","certificate":"PEM"})";
const std::string kCsr = R"({"id":"s1","common_name":"a.example.com","sans":["a.example.com"],"csr":"CSR"})";
const std::string kHost = R"({"id":"h1","hostname":"app.customer.com","ssl":{"status":"active"}})";
const std::string kDnsRecord =
    R"({"id":"d1","type":"TXT","name":"_acme-challenge.example.com","content":"tok","ttl":1,"comment":null})";
const std::string kCustomCert = R"({"id":"k1","status":"active","hosts":["example.com"]})";

struct WireCase {
  std::string name;
  std::string method;
  std::string target;  // expected path and query
  std::string body;    // expected JSON body ("" = none)
  std::string result;  // JSON result served
  std::function<Status(CloudflareClient&)> call;
};

template <typename T>
Status S(const Result<T>& r) {
  return r.ok() ? Status::Ok() : r.status();
}

std::vector<WireCase> Cases() {
  const std::string z = "/zones/z1";
  return {
      {"accounts", "GET", "/accounts?page=1&per_page=50", "", R"([{"id":"a1","name":"Ops"}])",
       [](CloudflareClient& c) { return S(c.ListAccounts()); }},
      {"pack list", "GET", z + "/ssl/certificate_packs?status=all&page=1&per_page=50", "", "[" + kPack + "]",
       [](CloudflareClient& c) { return S(c.ListCertificatePacks("z1")); }},
      {"pack get", "GET", z + "/ssl/certificate_packs/p1", "", kPack,
       [](CloudflareClient& c) { return S(c.GetCertificatePack("z1", "p1")); }},
      {"pack order", "POST", z + "/ssl/certificate_packs/order",
       R"({"type":"advanced","hosts":["example.com"],"validation_method":"txt","validity_days":90,"certificate_authority":"lets_encrypt"})",
       kPack,
       [](CloudflareClient& c) {
         return S(c.OrderCertificatePack("z1", {{"example.com"}, "txt", 90, "lets_encrypt", std::nullopt}));
       }},
      {"pack restart validation", "PATCH", z + "/ssl/certificate_packs/p1", "{}", kPack,
       [](CloudflareClient& c) { return S(c.PatchCertificatePack("z1", "p1", {})); }},
      {"pack branding", "PATCH", z + "/ssl/certificate_packs/p1", R"({"cloudflare_branding":true})", kPack,
       [](CloudflareClient& c) { return S(c.PatchCertificatePack("z1", "p1", {true})); }},
      {"pack delete", "DELETE", z + "/ssl/certificate_packs/p1", "", R"({"id":"p1"})",
       [](CloudflareClient& c) { return c.DeleteCertificatePack("z1", "p1"); }},
      {"pack quota", "GET", z + "/ssl/certificate_packs/quota", "", R"({"advanced":{"allocated":5,"used":1}})",
       [](CloudflareClient& c) { return S(c.GetCertificatePackQuota("z1")); }},
      {"verification list", "GET", z + "/ssl/verification", "", R"([{"certificate_status":"active"}])",
       [](CloudflareClient& c) { return S(c.ListVerifications("z1")); }},
      {"verification patch", "PATCH", z + "/ssl/verification/p1", R"({"validation_method":"http"})",
       R"({"status":"pending_validation","validation_method":"http"})",
       [](CloudflareClient& c) { return S(c.PatchVerificationMethod("z1", "p1", "http")); }},
      {"mtls list", "GET", "/accounts/a1/mtls_certificates?page=1&per_page=50", "", "[" + kMtls + "]",
       [](CloudflareClient& c) { return S(c.ListMtlsCertificates("a1")); }},
      {"mtls get", "GET", "/accounts/a1/mtls_certificates/m1", "", kMtls,
       [](CloudflareClient& c) { return S(c.GetMtlsCertificate("a1", "m1")); }},
      {"mtls upload", "POST", "/accounts/a1/mtls_certificates", R"({"certificates":"PEM","ca":true,"name":"root"})",
       kMtls,
       [](CloudflareClient& c) {
         return S(c.UploadMtlsCertificate("a1", {"PEM", true, "root", std::nullopt}));
       }},
      {"mtls delete", "DELETE", "/accounts/a1/mtls_certificates/m1", "", kMtls,
       [](CloudflareClient& c) { return c.DeleteMtlsCertificate("a1", "m1"); }},
      {"mtls associations", "GET", "/accounts/a1/mtls_certificates/m1/associations", "",
       R"([{"service":"gateway","status":"active"}])",
       [](CloudflareClient& c) { return S(c.ListMtlsAssociations("a1", "m1")); }},
      {"hostname associations get (managed CA)", "GET", z + "/certificate_authorities/hostname_associations", "",
       R"({"hostnames":["api.example.com"]})",
       [](CloudflareClient& c) { return S(c.GetHostnameAssociations("z1", std::nullopt)); }},
      {"hostname associations get", "GET", z + "/certificate_authorities/hostname_associations?mtls_certificate_id=m1",
       "", R"({"hostnames":[]})",
       [](CloudflareClient& c) { return S(c.GetHostnameAssociations("z1", std::string("m1"))); }},
      {"hostname associations put", "PUT", z + "/certificate_authorities/hostname_associations",
       R"({"hostnames":["api.example.com"],"mtls_certificate_id":"m1"})", R"({"hostnames":["api.example.com"]})",
       [](CloudflareClient& c) {
         return S(c.PutHostnameAssociations("z1", {{"api.example.com"}, std::string("m1")}));
       }},
      {"client cert list", "GET", z + "/client_certificates?status=all&page=1&per_page=50", "", "[" + kClientCert + "]",
       [](CloudflareClient& c) { return S(c.ListClientCertificates("z1")); }},
      {"client cert get", "GET", z + "/client_certificates/c1", "", kClientCert,
       [](CloudflareClient& c) { return S(c.GetClientCertificate("z1", "c1")); }},
      {"client cert create", "POST", z + "/client_certificates", R"({"csr":"CSR","validity_days":365})", kClientCert,
       [](CloudflareClient& c) {
         return S(c.CreateClientCertificate("z1", {"CSR", 365}));
       }},
      {"client cert reactivate", "PATCH", z + "/client_certificates/c1", "{}", kClientCert,
       [](CloudflareClient& c) { return S(c.ReactivateClientCertificate("z1", "c1")); }},
      {"client cert revoke", "DELETE", z + "/client_certificates/c1", "", kClientCert,
       [](CloudflareClient& c) { return c.RevokeClientCertificate("z1", "c1"); }},
      {"csr list", "GET", z + "/custom_csrs?page=1&per_page=50", "", "[" + kCsr + "]",
       [](CloudflareClient& c) { return S(c.ListCustomCsrs("z1")); }},
      {"csr get", "GET", z + "/custom_csrs/s1", "", kCsr,
       [](CloudflareClient& c) { return S(c.GetCustomCsr("z1", "s1")); }},
      {"csr create", "POST", z + "/custom_csrs",
       R"({"country":"US","state":"MA","locality":"Boston","organization":"O","common_name":"a.example.com","sans":["a.example.com"]})",
       kCsr,
       [](CloudflareClient& c) {
         return S(c.CreateCustomCsr(
             "z1", {"US", "MA", "Boston", "O", std::nullopt, "a.example.com", {"a.example.com"}, std::nullopt}));
       }},
      {"csr delete", "DELETE", z + "/custom_csrs/s1", "", R"({"id":"s1"})",
       [](CloudflareClient& c) { return c.DeleteCustomCsr("z1", "s1"); }},
      {"hostname list", "GET", z + "/custom_hostnames?page=1&per_page=50", "", "[" + kHost + "]",
       [](CloudflareClient& c) { return S(c.ListCustomHostnames("z1")); }},
      {"hostname get", "GET", z + "/custom_hostnames/h1", "", kHost,
       [](CloudflareClient& c) { return S(c.GetCustomHostname("z1", "h1")); }},
      {"hostname create", "POST", z + "/custom_hostnames",
       R"({"hostname":"app.customer.com","ssl":{"method":"txt","type":"dv"}})", kHost,
       [](CloudflareClient& c) {
         CreateCustomHostnameRequest r;
         r.hostname = "app.customer.com";
         r.ssl.method = "txt";
         r.ssl.type = "dv";
         return S(c.CreateCustomHostname("z1", r));
       }},
      {"hostname patch", "PATCH", z + "/custom_hostnames/h1", R"({"custom_origin_sni":"sni.example.com"})", kHost,
       [](CloudflareClient& c) {
         PatchCustomHostnameRequest r;
         r.custom_origin_sni = "sni.example.com";
         return S(c.PatchCustomHostname("z1", "h1", r));
       }},
      {"hostname delete", "DELETE", z + "/custom_hostnames/h1", "", R"({"id":"h1"})",
       [](CloudflareClient& c) { return c.DeleteCustomHostname("z1", "h1"); }},
      {"custom cert list", "GET", z + "/custom_certificates?page=1&per_page=50", "", "[" + kCustomCert + "]",
       [](CloudflareClient& c) { return S(c.ListCustomCertificates("z1")); }},
      {"custom cert get", "GET", z + "/custom_certificates/k1", "", kCustomCert,
       [](CloudflareClient& c) { return S(c.GetCustomCertificate("z1", "k1")); }},
      {"custom cert create", "POST", z + "/custom_certificates", R"({"certificate":"PEM","private_key":"KEY"})",
       kCustomCert,
       [](CloudflareClient& c) {
         return S(c.CreateCustomCertificate("z1", {"PEM", Secret("KEY"), std::nullopt, std::nullopt}));
       }},
      {"custom cert delete", "DELETE", z + "/custom_certificates/k1", "", R"({"id":"k1"})",
       [](CloudflareClient& c) { return c.DeleteCustomCertificate("z1", "k1"); }},
      {"dns records list", "GET", z + "/dns_records?type=TXT&name=_acme-challenge.example.com&page=1&per_page=50", "",
       "[" + kDnsRecord + "]",
       [](CloudflareClient& c) { return S(c.ListDnsRecords("z1", {"TXT", "_acme-challenge.example.com"})); }},
      {"dns record create", "POST", z + "/dns_records",
       R"({"type":"TXT","name":"_acme-challenge.example.com","content":"tok","ttl":1,"comment":"managed by edgecert"})",
       kDnsRecord,
       [](CloudflareClient& c) {
         return S(c.CreateDnsRecord("z1", {"TXT", "_acme-challenge.example.com", "tok", 1, "managed by edgecert"}));
       }},
      {"dns record delete", "DELETE", z + "/dns_records/d1", "", R"({"id":"d1"})",
       [](CloudflareClient& c) { return c.DeleteDnsRecord("z1", "d1"); }},
      {"universal get", "GET", z + "/ssl/universal/settings", "", R"({"enabled":true})",
       [](CloudflareClient& c) { return S(c.GetUniversalSslSettings("z1")); }},
      {"universal patch", "PATCH", z + "/ssl/universal/settings", R"({"enabled":false})", R"({"enabled":false})",
       [](CloudflareClient& c) { return S(c.PatchUniversalSslSettings("z1", false)); }},
      {"automatic mode get", "GET", z + "/settings/ssl_automatic_mode", "",
       R"({"id":"ssl_automatic_mode","value":"auto"})",
       [](CloudflareClient& c) { return S(c.GetAutomaticSslMode("z1")); }},
      {"automatic mode patch", "PATCH", z + "/settings/ssl_automatic_mode", R"({"value":"custom"})",
       R"({"id":"ssl_automatic_mode","value":"custom"})",
       [](CloudflareClient& c) { return S(c.PatchAutomaticSslMode("z1", "custom")); }},
      {"analyze", "POST", z + "/ssl/analyze", R"({"certificate":"PEM"})", R"({"hosts":["example.com"]})",
       [](CloudflareClient& c) {
         return S(c.AnalyzeCertificate("z1", {"PEM", std::nullopt}));
       }},
  };
}

TEST(EndpointWireTest, EveryMethodSendsTheContractRequestAndMapsTheAnswer) {
  for (const auto& c : Cases()) {
    ScriptedServer server([&](const ReceivedRequest&) {
      return ScriptedReply::Json(
          200, Envelope(c.result, c.result.front() == '['
                                      ? R"({"page":1,"per_page":50,"count":1,"total_count":1,"total_pages":1})"
                                      : ""));
    });
    ClientHarness h(server.base_url());
    Status s = c.call(h.client());
    EXPECT_TRUE(s.ok()) << c.name << ": " << s.ToString();
    const auto reqs = server.requests();
    ASSERT_EQ(reqs.size(), 1u) << c.name;
    EXPECT_EQ(reqs[0].method, c.method) << c.name;
    EXPECT_EQ(reqs[0].target, "" + c.target) << c.name;
    if (c.body.empty()) {
      EXPECT_TRUE(reqs[0].body.empty()) << c.name << ": " << reqs[0].body;
    } else {
      EXPECT_EQ(Json::parse(reqs[0].body), Json::parse(c.body)) << c.name << ": " << reqs[0].body;
      EXPECT_NE(reqs[0].headers.at("content-type").find("application/json"), std::string::npos);
    }
    EXPECT_EQ(reqs[0].headers.at("user-agent"), std::string("edgecert/") + EDGECERT_VERSION);
    EXPECT_EQ(reqs[0].headers.at("authorization"), "Bearer test-token-0123456789");
  }
}

TEST(EndpointWireTest, CustomHostnameDeleteTakesTheContractsBareId) {
  // The contract's 200 for DELETE /zones/{zone}/custom_hostnames/{id} is {"id": ...}, no envelope.
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(200, R"({"id":"h1"})"); });
  ClientHarness h(server.base_url());
  const Status s = h.client().DeleteCustomHostname("z1", "h1");
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(server.requests().size(), 1u);  // taken as done: no second DELETE
}

TEST(EndpointWireTest, IdsAreUrlEncodedInPaths) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(200, Envelope(kPack)); });
  ClientHarness h(server.base_url());
  ASSERT_TRUE(h.client().GetCertificatePack("z/1", "p 1?x").ok());
  EXPECT_EQ(server.requests()[0].target, "/zones/z%2F1/ssl/certificate_packs/p%201%3Fx");
}

TEST(EndpointWireTest, GlobalKeyHeaders) {
  ScriptedServer server(
      [](const ReceivedRequest&) { return ScriptedReply::Json(200, Envelope(R"({"enabled":true})")); });
  HarnessOptions o;
  o.credentials = Credentials::GlobalApiKey("ops@example.com", Secret("globalkey123"));
  ClientHarness h(server.base_url(), o);
  ASSERT_TRUE(h.client().GetUniversalSslSettings("z1").ok());
  const auto req = server.requests()[0];
  EXPECT_EQ(req.headers.at("x-auth-email"), "ops@example.com");
  EXPECT_EQ(req.headers.at("x-auth-key"), "globalkey123");
  EXPECT_EQ(req.headers.count("authorization"), 0u);
}

TEST(EndpointWireTest, PaginationFollowsResultInfoAcrossThreePages) {
  ScriptedServer server([](const ReceivedRequest& req) {
    const int page = std::stoi(req.target.substr(req.target.find("page=") + 5));
    std::string items;
    const int count = page < 3 ? 2 : 1;  // 5 items, per_page 2
    for (int i = 0; i < count; ++i) {
      if (!items.empty()) items += ",";
      items += R"({"id":"p)" + std::to_string(page * 10 + i) +
               R"(","type":"advanced","hosts":["example.com"],"status":"active"})";
    }
    return ScriptedReply::Json(
        200, Envelope("[" + items + "]", R"({"page":)" + std::to_string(page) + R"(,"per_page":2,"count":)" +
                                             std::to_string(count) + R"(,"total_count":5,"total_pages":3})"));
  });
  HarnessOptions o;
  o.caller.per_page = 2;
  ClientHarness h(server.base_url(), o);
  auto packs = h.client().ListCertificatePacks("z1");
  ASSERT_TRUE(packs.ok()) << packs.status().ToString();
  ASSERT_EQ(packs->size(), 5u);
  EXPECT_EQ((*packs)[0].id, "p10");
  EXPECT_EQ((*packs)[4].id, "p30");
  ASSERT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.requests()[2].target, "/zones/z1/ssl/certificate_packs?status=all&page=3&per_page=2");
}

TEST(EndpointWireTest, PaginationStopsOnAnEmptyPageOrAShortPageWithoutTotals) {
  std::atomic<int> calls{0};
  ScriptedServer server([&](const ReceivedRequest& req) {
    ++calls;
    const bool first = req.target.find("page=1&") != std::string::npos;
    return ScriptedReply::Json(200, Envelope(first ? "[" + kCsr + "," + kCsr + "]" : "[]", R"({"per_page":2})"));
  });
  HarnessOptions o;
  o.caller.per_page = 2;
  ClientHarness h(server.base_url(), o);
  auto csrs = h.client().ListCustomCsrs("z1");
  ASSERT_TRUE(csrs.ok()) << csrs.status().ToString();
  EXPECT_EQ(csrs->size(), 2u);
  EXPECT_EQ(calls.load(), 2);  // the second page was empty
}

TEST(EndpointWireTest, ZoneAndAccountLookupsAreCached) {
  ScriptedServer server([](const ReceivedRequest& req) {
    if (req.target.rfind("/zones", 0) == 0) {
      return ScriptedReply::Json(200, Envelope(R"([{"id":"z9","name":"example.com","status":"active"}])",
                                               R"({"page":1,"per_page":50,"total_pages":1})"));
    }
    return ScriptedReply::Json(200, Envelope(R"([{"id":"a9","name":"Ops"},{"id":"a8","name":"Ops Two"}])",
                                             R"({"page":1,"per_page":50,"total_pages":1})"));
  });
  ClientHarness h(server.base_url());
  for (int i = 0; i < 3; ++i) {
    auto z = h.client().ZoneIdByName("example.com");
    ASSERT_TRUE(z.ok()) << z.status().ToString();
    EXPECT_EQ(*z, "z9");
    auto a = h.client().AccountIdByName("Ops");
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    EXPECT_EQ(*a, "a9");
  }
  ASSERT_EQ(server.requests().size(), 2u);
  EXPECT_EQ(server.requests()[0].target, "/zones?name=example.com&page=1&per_page=50");
  EXPECT_EQ(h.client().AccountIdByName("Nobody").status().code(), StatusCode::kNotFound);
}

TEST(EndpointWireTest, ObserverSeesTemplatesNotIds) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(200, Envelope(kPack)); });
  ClientHarness h(server.base_url());
  ASSERT_TRUE(h.client().GetCertificatePack("zone-id-123", "pack-id-456").ok());
  for (const auto& e : h.observer().events()) {
    EXPECT_EQ(e.find("zone-id-123"), std::string::npos) << e;
    EXPECT_EQ(e.find("pack-id-456"), std::string::npos) << e;
  }
  EXPECT_EQ(h.observer().Count("finish GET /zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id} 200"), 1);
}

// KnownEndpoints() (the series metrics create at start) is exactly what the client sends: every
// method of every case above, plus the lookups and the token check.
TEST(EndpointWireTest, KnownEndpointsAreExactlyTheTemplatesTheClientSends) {
  ScriptedServer server([](const ReceivedRequest&) { return ScriptedReply::Json(200, Envelope("[]")); });
  ClientHarness h(server.base_url());
  for (const auto& c : Cases()) (void)c.call(h.client());
  (void)h.client().ZoneByName("example.com");
  (void)h.client().ListZones("a1");
  (void)h.client().VerifyToken();
  std::set<std::string> sent;
  for (const auto& e : h.observer().events()) {
    if (e.rfind("start ", 0) == 0) sent.insert(e.substr(6));
  }
  std::set<std::string> known;
  for (const auto& e : KnownEndpoints()) {
    EXPECT_TRUE(known.insert(std::string(e.method) + " " + std::string(e.path)).second) << e.method << " " << e.path;
  }
  EXPECT_EQ(sent, known);
}

}  // namespace
}  // namespace edgecert::api::testing
