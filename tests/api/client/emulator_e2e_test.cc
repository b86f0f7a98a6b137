// End-to-end: the real client over HTTP against the real emulator on 127.0.0.1 (port 0). The emulator
// and the client share one FakeClock, so a Retry-After the client waits out also passes for the
// emulator, and no test sleeps.
#include <gtest/gtest.h>

#include <memory>

#include "api/client/client_stack.h"
#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "crypto/x509.h"
#include "tests/api/client/client_harness.h"

namespace edgecert::api::testing {
namespace {

using namespace std::chrono_literals;
namespace emu = edgecert::emulator;

class EmulatorE2E : public ::testing::Test {
 protected:
  void StartEmulator(emu::EmulatorOptions options = {}) {
    emulator_ = std::make_unique<emu::Emulator>(options, clock_);
    server_ = std::make_unique<emu::EmulatorServer>(*emulator_);
    Status s = server_->Start("127.0.0.1", 0);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  std::string ApiUrl() const { return server_->base_url() + emu::kApiPrefix; }

  std::unique_ptr<ClientHarness> Client(Credentials creds = Credentials::ApiToken(Secret(emu::kDefaultEditToken)),
                                        HarnessOptions options = {}) {
    options.credentials = std::move(creds);
    return std::make_unique<ClientHarness>(ApiUrl(), options, &clock_);
  }

  std::string ZoneId(ClientHarness& h, const std::string& name = "example.com") {
    auto z = h.client().ZoneIdByName(name);
    EXPECT_TRUE(z.ok()) << z.status().ToString();
    return z.ok() ? *z : "";
  }
  std::string AccountId(ClientHarness& h) {
    auto a = h.client().AccountIdByName("Emulator Account");
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? *a : "";
  }

  FakeClock clock_;
  std::unique_ptr<emu::Emulator> emulator_;
  std::unique_ptr<emu::EmulatorServer> server_;
};

crypto::CertificateAuthority MakeCa(const std::string& cn) {
  crypto::DistinguishedName dn;
  dn.country = "US";
  dn.organization = "edgecert tests";
  dn.common_name = cn;
  auto ca = crypto::CreateSelfSignedCa(dn, crypto::KeyType::kP256, std::chrono::system_clock::now() - 1h,
                                       std::chrono::hours(24 * 365));
  EXPECT_TRUE(ca.ok()) << ca.status().ToString();
  return ca.ok() ? *ca : crypto::CertificateAuthority{};
}

std::string MakeCsr(const std::string& cn) {
  auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
  EXPECT_TRUE(key.ok());
  crypto::DistinguishedName dn;
  dn.country = "US";
  dn.state = "CA";
  dn.locality = "SF";
  dn.organization = "edgecert tests";
  dn.common_name = cn;
  auto csr = crypto::CreateCsr(*key, dn, {cn});
  EXPECT_TRUE(csr.ok()) << csr.status().ToString();
  return csr.ok() ? *csr : "";
}

CreateCustomCsrRequest CsrRequest(const std::string& cn) {
  return CreateCustomCsrRequest{"US", "MA", "Boston", "City of Boston", std::nullopt, cn, {cn}, "p256v1"};
}

TEST_F(EmulatorE2E, AccountsAndZonesByName) {
  StartEmulator();
  auto h = Client();
  EXPECT_EQ(ZoneId(*h), emu::StableId("zone:example.com"));
  EXPECT_EQ(ZoneId(*h, "example.net"), emu::StableId("zone:example.net"));
  EXPECT_EQ(AccountId(*h), emu::StableId("account:Emulator Account"));
  auto accounts = h->client().ListAccounts();
  ASSERT_TRUE(accounts.ok()) << accounts.status().ToString();
  EXPECT_EQ(accounts->size(), 1u);
  EXPECT_EQ(h->client().ZoneIdByName("missing.example").status().code(), StatusCode::kNotFound);
}

TEST_F(EmulatorE2E, CertificatePackLifecycleCalls) {
  StartEmulator();
  auto h = Client();
  const std::string zone = ZoneId(*h);
  auto quota = h->client().GetCertificatePackQuota(zone);
  ASSERT_TRUE(quota.ok()) << quota.status().ToString();
  EXPECT_EQ(quota->advanced_allocated, 10);

  auto pack = h->client().OrderCertificatePack(
      zone, {{"example.com", "www.example.com"}, "txt", 90, "lets_encrypt", std::nullopt});
  ASSERT_TRUE(pack.ok()) << pack.status().ToString();
  EXPECT_EQ(pack->type, "advanced");

  auto listed = h->client().ListCertificatePacks(zone);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  bool found = false;
  for (const auto& p : *listed) found |= p.id == pack->id;
  EXPECT_TRUE(found);

  auto got = h->client().GetCertificatePack(zone, pack->id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->hosts.size(), 2u);

  auto verifications = h->client().ListVerifications(zone);
  ASSERT_TRUE(verifications.ok()) << verifications.status().ToString();

  auto method = h->client().PatchVerificationMethod(zone, pack->id, "http");
  EXPECT_TRUE(method.ok()) << method.status().ToString();

  auto branded = h->client().PatchCertificatePack(zone, pack->id, {true});
  EXPECT_TRUE(branded.ok()) << branded.status().ToString();

  EXPECT_TRUE(h->client().DeleteCertificatePack(zone, pack->id).ok());
  EXPECT_TRUE(h->client().DeleteCertificatePack(zone, pack->id).ok());  // already gone: still success
  // A rule the API enforces comes back as a definite failure with Cloudflare's code.
  auto bad = h->client().OrderCertificatePack(zone, {{"www.example.com"}, "txt", 90, "lets_encrypt", std::nullopt});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument) << bad.status().ToString();
  EXPECT_NE(bad.status().message().find("["), std::string::npos);
}

TEST_F(EmulatorE2E, MtlsCertificatesAndHostnameAssociations) {
  StartEmulator();
  auto h = Client();
  const std::string account = AccountId(*h);
  const std::string zone = ZoneId(*h);
  const auto ca = MakeCa("e2e root");
  auto up = h->client().UploadMtlsCertificate(account, {ca.certificate_pem, true, "e2e-root", std::nullopt});
  ASSERT_TRUE(up.ok()) << up.status().ToString();
  auto list = h->client().ListMtlsCertificates(account);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "e2e-root");
  ASSERT_TRUE(h->client().GetMtlsCertificate(account, up->id).ok());
  auto assoc = h->client().ListMtlsAssociations(account, up->id);
  ASSERT_TRUE(assoc.ok()) << assoc.status().ToString();

  auto put = h->client().PutHostnameAssociations(zone, {{"api.example.com"}, up->id});
  ASSERT_TRUE(put.ok()) << put.status().ToString();
  auto get = h->client().GetHostnameAssociations(zone, up->id);
  ASSERT_TRUE(get.ok()) << get.status().ToString();
  EXPECT_EQ(get->hostnames, std::vector<std::string>{"api.example.com"});
  EXPECT_TRUE(h->client().GetHostnameAssociations(zone, std::nullopt).ok());

  // A CA that still has associations cannot be deleted: a definite failure, not retried.
  Status blocked = h->client().DeleteMtlsCertificate(account, up->id);
  EXPECT_FALSE(blocked.ok());
  EXPECT_FALSE(blocked.IsRetryable()) << blocked.ToString();
  ASSERT_TRUE(h->client().PutHostnameAssociations(zone, {{}, up->id}).ok());
  EXPECT_TRUE(h->client().DeleteMtlsCertificate(account, up->id).ok());
}

TEST_F(EmulatorE2E, ClientCertificates) {
  StartEmulator();
  auto h = Client();
  const std::string zone = ZoneId(*h);
  auto created = h->client().CreateClientCertificate(zone, {MakeCsr("device-1.example.com"), 365});
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(created->certificate.has_value());
  EXPECT_NE(created->certificate->find("BEGIN CERTIFICATE"), std::string::npos);
  ASSERT_TRUE(h->client().GetClientCertificate(zone, created->id).ok());
  auto list = h->client().ListClientCertificates(zone);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), 1u);
  EXPECT_TRUE(h->client().RevokeClientCertificate(zone, created->id).ok());
  auto revoked = h->client().GetClientCertificate(zone, created->id);
  ASSERT_TRUE(revoked.ok());
  EXPECT_NE(revoked->status, "active");
  auto reactivated = h->client().ReactivateClientCertificate(zone, created->id);
  EXPECT_TRUE(reactivated.ok())
      << reactivated.status().ToString();
}

TEST_F(EmulatorE2E, CustomCsrsAndCustomHostnames) {
  StartEmulator();
  auto h = Client();
  const std::string zone = ZoneId(*h);
  auto csr = h->client().CreateCustomCsr(zone, CsrRequest("app.example.com"));
  ASSERT_TRUE(csr.ok()) << csr.status().ToString();
  EXPECT_NE(csr->csr.find("-----BEGIN CERTIFICATE REQUEST-----\n"), std::string::npos);
  ASSERT_TRUE(h->client().GetCustomCsr(zone, csr->id).ok());

  CreateCustomHostnameRequest req;
  req.hostname = "app.customer-one.com";
  req.ssl.method = "txt";
  req.ssl.type = "dv";
  auto host = h->client().CreateCustomHostname(zone, req);
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  EXPECT_EQ(host->hostname, "app.customer-one.com");
  ASSERT_TRUE(h->client().GetCustomHostname(zone, host->id).ok());
  PatchCustomHostnameRequest patch;
  patch.custom_origin_server = "origin.example.com";
  auto patched = h->client().PatchCustomHostname(zone, host->id, patch);
  EXPECT_TRUE(patched.ok()) << patched.status().ToString();
  auto hosts = h->client().ListCustomHostnames(zone);
  ASSERT_TRUE(hosts.ok()) << hosts.status().ToString();
  EXPECT_EQ(hosts->size(), 1u);
  EXPECT_TRUE(h->client().DeleteCustomHostname(zone, host->id).ok());
  EXPECT_TRUE(h->client().DeleteCustomCsr(zone, csr->id).ok());

  auto certs = h->client().ListCustomCertificates(zone);
  ASSERT_TRUE(certs.ok()) << certs.status().ToString();
  // Self-signed custom certificates are refused by the API: a definite failure.
  const auto ca = MakeCa("self-signed.example.com");
  auto refused = h->client().CreateCustomCertificate(zone, {ca.certificate_pem, ca.private_key_pem, std::nullopt, std::nullopt});
  EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument) << refused.status().ToString();
  // analyze answers like the API: a self-signed certificate is a definite, coded refusal.
  auto analysis = h->client().AnalyzeCertificate(zone, {ca.certificate_pem, std::nullopt});
  EXPECT_EQ(analysis.status().code(), StatusCode::kInvalidArgument) << analysis.status().ToString();
  EXPECT_NE(analysis.status().message().find("[1482]"), std::string::npos) << analysis.status().ToString();
}

TEST_F(EmulatorE2E, UniversalSslAndAutomaticMode) {
  StartEmulator();
  auto h = Client();
  const std::string zone = ZoneId(*h);
  auto u = h->client().GetUniversalSslSettings(zone);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->enabled, true);
  auto mode = h->client().GetAutomaticSslMode(zone);
  ASSERT_TRUE(mode.ok()) << mode.status().ToString();
  auto patched = h->client().PatchAutomaticSslMode(zone, "custom");
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->value, "custom");
  EXPECT_EQ(h->client().GetAutomaticSslMode(zone)->value, "custom");
  auto off = h->client().PatchUniversalSslSettings(zone, false);
  EXPECT_TRUE(off.ok()) << off.status().ToString();
  auto on = h->client().PatchUniversalSslSettings(zone, true);
  ASSERT_TRUE(on.ok()) << on.status().ToString();
  EXPECT_EQ(on->enabled, true);
}

TEST_F(EmulatorE2E, PaginationAcrossThreePages) {
  StartEmulator();
  HarnessOptions o;
  o.caller.per_page = 5;
  auto h = Client(Credentials::ApiToken(Secret(emu::kDefaultEditToken)), o);
  const std::string zone = ZoneId(*h);
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(h->client().CreateCustomCsr(zone, CsrRequest("csr" + std::to_string(i) + ".example.com")).ok());
  }
  const int before = h->observer().Count("start GET /zones/{zone_id}/custom_csrs");
  auto all = h->client().ListCustomCsrs(zone);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->size(), 12u);
  EXPECT_EQ(h->observer().Count("start GET /zones/{zone_id}/custom_csrs") - before, 3);
  std::set<std::string> ids;
  for (const auto& c : *all) ids.insert(c.id);
  EXPECT_EQ(ids.size(), 12u);  // no page served twice
}

TEST_F(EmulatorE2E, RateLimitWithRetryAfterIsWaitedOut) {
  emu::EmulatorOptions options;
  options.config.rate_limit = {3, 60};
  StartEmulator(options);
  auto h = Client();
  const std::string zone = ZoneId(*h);
  const auto t0 = clock_.Now();
  for (int i = 0; i < 5; ++i) {
    auto u = h->client().GetUniversalSslSettings(zone);
    ASSERT_TRUE(u.ok()) << i << ": " << u.status().ToString();
  }
  EXPECT_GE(h->observer().Count("rate_limited "), 1);
  EXPECT_GE(h->observer().Count("budget_wait "), 1);
  EXPECT_GT(clock_.Now() - t0, 0s);
}

TEST_F(EmulatorE2E, CommitThenDropIsAmbiguousAndTheObjectCanBeAdopted) {
  StartEmulator();
  auto h = Client();
  const std::string zone = ZoneId(*h);
  emu::FaultConfig faults = emulator_->faults().Get();
  faults.drops.push_back({"*custom_csrs*", "POST", 1.0, 1});
  emulator_->faults().Set(faults);
  auto csr = h->client().CreateCustomCsr(zone, CsrRequest("dropped.example.com"));
  EXPECT_EQ(csr.status().code(), StatusCode::kAmbiguous) << csr.status().ToString();
  EXPECT_EQ(h->observer().Count("start POST"), 1);  // never resent
  auto listed = h->client().ListCustomCsrs(zone);
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);  // the write happened: list and adopt
  EXPECT_EQ((*listed)[0].common_name, "dropped.example.com");
}

TEST_F(EmulatorE2E, ServerErrorsRetriedForGetNotForPost) {
  StartEmulator();
  auto h = Client();
  const std::string zone = ZoneId(*h);
  emu::FaultConfig faults = emulator_->faults().Get();
  faults.errors.push_back({"*ssl/universal/settings", "GET", 1.0, 503, 2});
  faults.errors.push_back({"*certificate_packs/order", "POST", 1.0, 500, 1});
  emulator_->faults().Set(faults);
  auto u = h->client().GetUniversalSslSettings(zone);
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(h->observer().Count("retry GET /zones/{zone_id}/ssl/universal/settings"), 2);
  auto order = h->client().OrderCertificatePack(zone, {{"example.com"}, "txt", 90, "google", std::nullopt});
  EXPECT_EQ(order.status().code(), StatusCode::kAmbiguous) << order.status().ToString();
  EXPECT_EQ(h->observer().Count("start POST"), 1);
}

TEST_F(EmulatorE2E, CredentialErrors) {
  StartEmulator();
  auto bad = Client(Credentials::ApiToken(Secret("not-a-valid-token")));
  EXPECT_EQ(bad->client().ListAccounts().status().code(), StatusCode::kUnauthenticated);
  auto read = Client(Credentials::ApiToken(Secret(emu::kDefaultReadToken)));
  const std::string zone = ZoneId(*read);
  EXPECT_TRUE(read->client().ListCertificatePacks(zone).ok());
  auto denied = read->client().PatchUniversalSslSettings(zone, true);
  EXPECT_EQ(denied.status().code(), StatusCode::kPermissionDenied) << denied.status().ToString();
  auto key = Client(Credentials::GlobalApiKey(emu::kDefaultEmail, Secret(emu::kDefaultApiKey)));
  EXPECT_TRUE(key->client().ListAccounts().ok());

  NullClientObserver observer;
  auto stack = ClientStack::Create({}, Environment{{"EDGECERT_API_URL", ApiUrl()}}, clock_, observer, nullptr);
  ASSERT_FALSE(stack.ok());
  EXPECT_NE(stack.status().message().find("CLOUDFLARE_API_TOKEN"), std::string::npos);
  ClientStackOptions options;
  options.transport.base_url = ResolveApiBaseUrl("", {{"EDGECERT_API_URL", ApiUrl()}});
  auto good = ClientStack::Create(options, {{"CLOUDFLARE_API_TOKEN", emu::kDefaultEditToken}}, clock_, observer, nullptr);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_TRUE((*good)->client().ListAccounts().ok());
}

TEST_F(EmulatorE2E, SecretsNeverLeakFromFailingRuns) {
  StartEmulator();
  const std::string wrong = "wrongTOKENvalue5e4d3c2b1a";
  auto bad = Client(Credentials::ApiToken(Secret(wrong)));
  auto read = Client(Credentials::ApiToken(Secret(emu::kDefaultReadToken)));
  auto edit = Client();
  const std::string zone = ZoneId(*edit);
  emu::FaultConfig faults = emulator_->faults().Get();
  faults.errors.push_back({"*custom_hostnames*", "", 1.0, 503, -1});
  faults.drops.push_back({"*custom_csrs*", "POST", 1.0, -1});
  emulator_->faults().Set(faults);

  std::vector<std::string> outputs;
  outputs.push_back(bad->client().ListAccounts().status().ToString());
  outputs.push_back(bad->client().OrderCertificatePack(zone, {{"example.com"}, "txt", 90, "google", std::nullopt}).status().ToString());
  outputs.push_back(read->client().PatchUniversalSslSettings(zone, false).status().ToString());
  outputs.push_back(read->client().CreateCustomCsr(zone, CsrRequest("r.example.com")).status().ToString());
  outputs.push_back(edit->client().ListCustomHostnames(zone).status().ToString());
  outputs.push_back(edit->client().CreateCustomCsr(zone, CsrRequest("d.example.com")).status().ToString());
  for (const auto& o : outputs) EXPECT_NE(o, "OK");

  const std::vector<std::pair<ClientHarness*, std::string>> runs = {
      {bad.get(), wrong}, {read.get(), emu::kDefaultReadToken}, {edit.get(), emu::kDefaultEditToken}};
  for (const auto& [harness, secret] : runs) {
    for (const auto& o : outputs) EXPECT_EQ(o.find(secret), std::string::npos) << o;
    EXPECT_EQ(harness->logs().find(secret), std::string::npos);
    for (const auto& e : harness->observer().events()) EXPECT_EQ(e.find(secret), std::string::npos) << e;
  }
}

}  // namespace
}  // namespace edgecert::api::testing
