// spec.validationRecords: accepted where edgecert can publish TXT records in a Cloudflare zone, refused
// with file:line:col, object and cause where it cannot; and the decoded value reaches the object.
#include <gmock/gmock.h>

#include "tests/manifests/manifest_fixture.h"
#include "tests/manifests/rule_test_util.h"

namespace edgecert::manifests::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kCustomerZone = R"(---
apiVersion: edgecert.dev/v1
kind: Zone
metadata: {name: customer-test}
spec: {name: customer.test, account: main}
)";

std::string Host(const std::string& ssl, const std::string& records) {
  return Doc("CustomHostname", "shop",
             "zone: example-com\nhostname: shop.customer.test\nssl:\n" + ssl + "validationRecords:\n" + records);
}

class ValidationRecordsRulesTest : public ManifestTest {
 protected:
  std::vector<std::string> With(const std::string& docs) {
    dir_.Write("base.yaml", std::string(kBase) + kCustomerZone);
    dir_.Write("objects.yaml", docs);
    return LoadErrors();
  }
};

TEST_F(ValidationRecordsRulesTest, ATxtPackPublishesInItsOwnZone) {
  EXPECT_THAT(With(Pack("p", "[example.com, www.example.com]", "validationRecords: {publish: CloudflareDNS}")),
              IsEmpty());
  auto load = Load();
  ASSERT_TRUE(load.ok());
  const auto& pack = load.state->certificate_packs().front();
  EXPECT_TRUE(pack.validation_records.enabled());
  EXPECT_EQ(pack.validation_records.dns_zone, "");
}

TEST_F(ValidationRecordsRulesTest, NoneAndAbsentChangeNothing) {
  EXPECT_THAT(With(Pack("p", "[example.com]", "validationRecords: {publish: None}")), IsEmpty());
  EXPECT_FALSE(Load().state->certificate_packs().front().validation_records.enabled());
}

TEST_F(ValidationRecordsRulesTest, AnHttpOrEmailPackIsRefusedAtTheField) {
  const std::string pack =
      Doc("CertificatePack", "p",
          "zone: example-com\nhosts: [example.com]\ncertificateAuthority: google\n"
          "validityDays: 90\nvalidationMethod: http\nvalidationRecords:\n  publish: CloudflareDNS");
  EXPECT_THAT(With(pack),
              ElementsAre(AllOf(HasSubstr("objects.yaml:13:14: CertificatePack/p: spec.validationRecords.publish: "
                                          "CloudflareDNS publishes TXT records, but validationMethod is \"http\""))));
}

TEST_F(ValidationRecordsRulesTest, APackDnsZoneMustBeAZoneHoldingItsRecords) {
  EXPECT_THAT(With(Pack("p", "[example.com]", "validationRecords: {publish: CloudflareDNS, dnsZone: example-co}")),
              ElementsAre(HasSubstr("spec.validationRecords.dnsZone: Zone \"example-co\" is not defined; did you "
                                    "mean \"example-com\"?")));
  EXPECT_THAT(With(Pack("p", "[example.com]", "validationRecords: {publish: CloudflareDNS, dnsZone: customer-test}")),
              ElementsAre(HasSubstr("the validation record of \"example.com\" (_acme-challenge.example.com) is not "
                                    "in zone \"customer.test\"")));
}

TEST_F(ValidationRecordsRulesTest, ACustomHostnamePublishesInTheCustomerZoneItNames) {
  EXPECT_THAT(With(Host("  method: txt\n", "  publish: CloudflareDNS\n  dnsZone: customer-test\n")), IsEmpty());
  auto load = Load();
  ASSERT_TRUE(load.ok());
  EXPECT_EQ(load.state->custom_hostnames().front().validation_records.dns_zone, "customer-test");
}

TEST_F(ValidationRecordsRulesTest, ACustomHostnameWithoutDnsZoneIsRefused) {
  EXPECT_THAT(With(Host("  method: txt\n", "  publish: CloudflareDNS\n")),
              ElementsAre(AllOf(HasSubstr("objects.yaml:12:14: CustomHostname/shop: spec.validationRecords.publish"),
                                HasSubstr("needs dnsZone: the records live in the customer's zone"))));
}

TEST_F(ValidationRecordsRulesTest, ACustomHostnameOutsideItsDnsZoneIsRefused) {
  EXPECT_THAT(With(Host("  method: txt\n", "  publish: CloudflareDNS\n  dnsZone: example-com\n")),
              ElementsAre(AllOf(HasSubstr("objects.yaml:13:14: CustomHostname/shop: spec.validationRecords.dnsZone"),
                                HasSubstr("(_acme-challenge.shop.customer.test) is not in zone \"example.com\""))));
}

TEST_F(ValidationRecordsRulesTest, ACustomHostnameNotValidatedByTxtIsRefused) {
  EXPECT_THAT(With(Host("  method: http\n", "  publish: CloudflareDNS\n  dnsZone: customer-test\n")),
              ElementsAre(HasSubstr("ssl.method must be txt (it is \"http\")")));
  EXPECT_THAT(With(Host("  type: dv\n", "  publish: CloudflareDNS\n  dnsZone: customer-test\n")),
              ElementsAre(HasSubstr("ssl.method must be txt (it is not set: the API's default, http)")));
}

TEST_F(ValidationRecordsRulesTest, AnUnknownPublishValueOrFieldIsRefused) {
  EXPECT_THAT(With(Pack("p", "[example.com]", "validationRecords: {publish: Route53}")),
              ElementsAre(HasSubstr("spec.validationRecords.publish")));
  EXPECT_THAT(With(Pack("p", "[example.com]", "validationRecords: {publish: CloudflareDNS, zone: example-com}")),
              ElementsAre(HasSubstr("spec.validationRecords.zone")));
}

}  // namespace
}  // namespace edgecert::manifests::testing
