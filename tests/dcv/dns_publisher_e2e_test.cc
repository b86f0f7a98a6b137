// spec.validationRecords.publish: CloudflareDNS against the real emulator over HTTP (FakeClock): the
// pack's TXT records are created while it waits for validation, never twice (a second pass, a fresh
// process), removed once it is active; a hand-made record at the same name is never deleted; a create
// the API refuses is reported naming the object, and the other records are still published.
#include <gtest/gtest.h>

#include <functional>

#include "dcv/cloudflare_dns_publisher.h"
#include "reconcile/kinds/reconciler_registry.h"
#include "tests/fakes/reconcile_harness.h"

namespace edgecert::testing {
namespace {

constexpr char kPack[] = R"(---
apiVersion: edgecert.dev/v1
kind: CertificatePack
metadata:
  name: www-example-com
spec:
  zone: example-com
  hosts: [example.com, www.example.com]
  certificateAuthority: google
  validityDays: 90
  validationMethod: txt
  validationRecords:
    publish: CloudflareDNS
)";

const reconcile::ObjectKey kKey{manifests::Kind::kCertificatePack, "www-example-com"};

class DnsPublisherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h_.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml() + kPack);
    ASSERT_TRUE(h_.LoadManifests().ok());
    reconcilers_ = reconcile::MakeReconcilers();
    for (const auto& r : reconcilers_) {
      if (r->kind() == manifests::Kind::kCertificatePack) packs_ = r.get();
    }
  }

  // One reconcile of the pack; false once it is done (active).
  bool Step() {
    h_.NewPass();
    auto ctx = h_.Context();
    auto result = packs_->Reconcile(kKey.name, ctx);
    if (result.action() == reconcile::ReconcileResult::Action::kDone) return false;
    EXPECT_EQ(result.action(), reconcile::ReconcileResult::Action::kRequeueAfter);
    h_.Advance(result.after());
    return true;
  }

  // Steps until `until` holds of the pack's status (or it is done).
  void StepUntil(const std::function<bool(const reconcile::ObjectStatus&)>& until) {
    for (int i = 0; i < 40; ++i) {
      auto status = h_.status().Get(kKey);
      if (status && until(*status)) return;
      if (!Step()) return;
    }
  }

  static bool Pending(const reconcile::ObjectStatus& s) {
    return s.remote_status == "pending_validation" && !s.validation_records.empty();
  }

  std::vector<api::DnsRecord> Txt(const std::string& name) {
    auto records = h_.client().ListDnsRecords(h_.ZoneId(), {"TXT", name});
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    return records.ok() ? *records : std::vector<api::DnsRecord>{};
  }

  int HistoryCount(const std::string& action) {
    int n = 0;
    const web::json::value history = h_.History(0, "dns_record");
    for (const auto& e : history.as_array()) n += e.at("action").as_string() == action;
    return n;
  }

  std::vector<std::string> TxtValues() {
    std::vector<std::string> out;
    const auto status = h_.status().Get(kKey);
    if (!status) return out;
    for (const auto& r : status->validation_records) {
      if (r.type == "txt") out.push_back(r.value);
    }
    return out;
  }

  ReconcileHarness h_;
  std::vector<std::unique_ptr<reconcile::Reconciler>> reconcilers_;
  reconcile::Reconciler* packs_ = nullptr;
};

TEST_F(DnsPublisherTest, CreatedWhilePendingOnceAndRemovedAtActiveLeavingHandMadeRecords) {
  auto hand_made =
      h_.client().CreateDnsRecord(h_.ZoneId(), {"TXT", "_acme-challenge.www.example.com", "by hand", 1, {}});
  ASSERT_TRUE(hand_made.ok()) << hand_made.status().ToString();
  dcv::CloudflareDnsPublisher publisher(h_.client(), h_.scopes(), h_.logger());

  StepUntil(Pending);
  ASSERT_TRUE(Pending(*h_.status().Get(kKey)));
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());  // a second pass creates nothing
  const auto values = TxtValues();
  ASSERT_EQ(values.size(), 2u);
  EXPECT_EQ(HistoryCount("create"), 3);  // the hand-made one and one per host
  for (const std::string name : {"_acme-challenge.example.com", "_acme-challenge.www.example.com"}) {
    bool ours = false;
    for (const auto& r : Txt(name)) {
      if (r.comment == dcv::ManagedComment(kKey))
        ours = std::find(values.begin(), values.end(), r.content) != values.end();
    }
    EXPECT_TRUE(ours) << name;
  }
  EXPECT_NE(h_.Logs().find("dcv: created TXT record _acme-challenge.www.example.com in zone example.com for "
                           "CertificatePack www-example-com"),
            std::string::npos)
      << h_.Logs();

  StepUntil([](const reconcile::ObjectStatus& s) { return s.remote_status == "active"; });
  ASSERT_EQ(h_.status().Get(kKey)->remote_status, "active");
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  EXPECT_TRUE(Txt("_acme-challenge.example.com").empty());
  auto left = Txt("_acme-challenge.www.example.com");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, hand_made->id);
  EXPECT_EQ(HistoryCount("delete"), 2);
  EXPECT_NE(h_.Logs().find("dcv: deleted TXT record _acme-challenge.example.com in zone example.com of "
                           "CertificatePack www-example-com"),
            std::string::npos);
  EXPECT_EQ(h_.Logs().find("edgecert-emulator-edit-token"), std::string::npos);
}

TEST_F(DnsPublisherTest, AFreshProcessAdoptsItsRecordsAndRemovesThemAtActive) {
  StepUntil(Pending);
  ASSERT_TRUE(
      dcv::CloudflareDnsPublisher(h_.client(), h_.scopes(), h_.logger()).Sync(h_.desired(), h_.status()).ok());
  ASSERT_EQ(HistoryCount("create"), 2);

  h_.Restart();  // a new process: empty status board, fresh publisher
  dcv::CloudflareDnsPublisher publisher(h_.client(), h_.scopes(), h_.logger());
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());  // status unknown yet: records kept
  EXPECT_EQ(HistoryCount("delete"), 0);
  Step();
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  EXPECT_EQ(HistoryCount("create"), 2);  // nothing duplicated

  StepUntil([](const reconcile::ObjectStatus& s) { return s.remote_status == "active"; });
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  EXPECT_EQ(HistoryCount("delete"), 2);
  EXPECT_TRUE(Txt("_acme-challenge.example.com").empty());
  EXPECT_TRUE(Txt("_acme-challenge.www.example.com").empty());
}

TEST_F(DnsPublisherTest, ARefusedCreateIsReportedByObjectAndTheRestIsPublished) {
  // A CNAME at one record's name makes the API refuse that TXT record (81053).
  auto cname =
      h_.client().CreateDnsRecord(h_.ZoneId(), {"CNAME", "_acme-challenge.www.example.com", "dcv.example.net", 1, {}});
  ASSERT_TRUE(cname.ok()) << cname.status().ToString();
  dcv::CloudflareDnsPublisher publisher(h_.client(), h_.scopes(), h_.logger());
  StepUntil(Pending);
  Status s = publisher.Sync(h_.desired(), h_.status());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("CertificatePack/www-example-com: TXT record _acme-challenge.www.example.com in zone "
                             "example.com: create"),
            std::string::npos)
      << s.ToString();
  EXPECT_NE(s.message().find("81053"), std::string::npos) << s.ToString();
  EXPECT_EQ(Txt("_acme-challenge.example.com").size(), 1u);  // the other record was published

  ASSERT_TRUE(h_.client().DeleteDnsRecord(h_.ZoneId(), cname->id).ok());
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());  // tried again, now created
  EXPECT_EQ(Txt("_acme-challenge.www.example.com").size(), 1u);
  EXPECT_EQ(HistoryCount("create"), 3);  // the CNAME and one per host, none twice
}

TEST_F(DnsPublisherTest, AnObjectThatStopsPublishingTakesOnlyItsOwnRecordsAway) {
  dcv::CloudflareDnsPublisher publisher(h_.client(), h_.scopes(), h_.logger());
  StepUntil(Pending);
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  auto hand_made = h_.client().CreateDnsRecord(h_.ZoneId(), {"TXT", "_acme-challenge.example.com", "by hand", 1, {}});
  ASSERT_TRUE(hand_made.ok());
  std::string manifest = ReconcileHarness::ScopesYaml() + kPack;
  manifest.replace(manifest.find("publish: CloudflareDNS"), 22, "publish: None");
  h_.WriteFile("manifests.yaml", manifest);
  ASSERT_TRUE(h_.LoadManifests().ok());
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  EXPECT_EQ(HistoryCount("delete"), 2);
  auto left = Txt("_acme-challenge.example.com");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, hand_made->id);
}

// A record whose comment names a kind this edgecert does not know (made by a newer edgecert) is not
// provably one of its own: it is never adopted or deleted.
TEST_F(DnsPublisherTest, ARecordOfAnUnknownKindIsLeftAlone) {
  auto newer = h_.client().CreateDnsRecord(
      h_.ZoneId(), {"TXT", "_acme-challenge.example.com", "newer", 1, std::string(dcv::kManagedCommentPrefix) + "CertificateBundle/x"});
  ASSERT_TRUE(newer.ok()) << newer.status().ToString();
  dcv::CloudflareDnsPublisher publisher(h_.client(), h_.scopes(), h_.logger());
  StepUntil(Pending);
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  StepUntil([](const reconcile::ObjectStatus& s) { return s.remote_status == "active"; });
  ASSERT_TRUE(publisher.Sync(h_.desired(), h_.status()).ok());
  EXPECT_EQ(HistoryCount("delete"), 2);  // the pack's two records, not the other one
  auto left = Txt("_acme-challenge.example.com");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].id, newer->id);
}

// A custom hostname's records go to the customer's zone its manifest names (dnsZone), not the SaaS zone.
TEST(DnsPublisherCustomHostnameTest, RecordsGoToTheCustomerZoneAndLeaveAtActive) {
  ReconcileHarness h;
  h.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml() + R"(---
apiVersion: edgecert.dev/v1
kind: CustomHostname
metadata:
  name: shop
spec:
  zone: example-com
  hostname: shop.example.net
  ssl: {method: txt}
  validationRecords: {publish: CloudflareDNS, dnsZone: example-net}
)");
  ASSERT_TRUE(h.LoadManifests().ok());
  auto reconcilers = reconcile::MakeReconcilers();
  reconcile::Reconciler* hostnames = nullptr;
  for (const auto& r : reconcilers) {
    if (r->kind() == manifests::Kind::kCustomHostname) hostnames = r.get();
  }
  ASSERT_NE(hostnames, nullptr);
  dcv::CloudflareDnsPublisher publisher(h.client(), h.scopes(), h.logger());
  const reconcile::ObjectKey key{manifests::Kind::kCustomHostname, "shop"};
  auto txt = [&h](const std::string& apex) {
    auto records = h.client().ListDnsRecords(h.ZoneId(apex), {"TXT", ""});
    EXPECT_TRUE(records.ok());
    return records.ok() ? records->size() : 0u;
  };
  bool published = false;
  for (int step = 0; step < 40; ++step) {
    h.NewPass();
    auto ctx = h.Context();
    auto result = hostnames->Reconcile("shop", ctx);
    ASSERT_TRUE(publisher.Sync(h.desired(), h.status()).ok());
    if (txt("example.net") == 1) {
      published = true;
      auto records = h.client().ListDnsRecords(h.ZoneId("example.net"), {"TXT", "_acme-challenge.shop.example.net"});
      ASSERT_TRUE(records.ok());
      ASSERT_EQ(records->size(), 1u);
      EXPECT_EQ((*records)[0].comment, dcv::ManagedComment(key));
    }
    EXPECT_EQ(txt("example.com"), 0u);
    if (result.action() == reconcile::ReconcileResult::Action::kDone) break;
    h.Advance(result.after());
  }
  EXPECT_TRUE(published);
  EXPECT_EQ(h.status().Get(key)->remote_status, "active");
  EXPECT_EQ(txt("example.net"), 0u);
}

}  // namespace
}  // namespace edgecert::testing
