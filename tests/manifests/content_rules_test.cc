// One test per offline content and reference rule: a manifest that passes and one that fails.
#include <gmock/gmock.h>

#include "tests/manifests/manifest_fixture.h"
#include "tests/manifests/rule_test_util.h"

namespace edgecert::manifests::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ContentRulesTest : public ManifestTest {
 protected:
  std::vector<std::string> With(const std::string& docs) {
    dir_.Write("base.yaml", kBase);
    dir_.Write("objects.yaml", docs);
    return LoadErrors();
  }
};

TEST_F(ContentRulesTest, BaseIsValid) { EXPECT_THAT(With(""), IsEmpty()); }

TEST_F(ContentRulesTest, PackHostsMustNotBeEmpty) {
  EXPECT_THAT(With(Pack("p", "[example.com]")), IsEmpty());
  EXPECT_THAT(With(Pack("p", "[]")), ElementsAre(HasSubstr("CertificatePack/p: spec.hosts: at least one host is required")));
}

TEST_F(ContentRulesTest, PackHostsAtMostFifty) {
  std::string hosts = "[example.com";
  for (int i = 1; i < 50; ++i) hosts += ", h" + std::to_string(i) + ".example.com";
  EXPECT_THAT(With(Pack("p", hosts + "]")), IsEmpty());
  EXPECT_THAT(With(Pack("p", hosts + ", h50.example.com]")),
              ElementsAre(HasSubstr("spec.hosts: 51 hosts; at most 50 are allowed")));
}

TEST_F(ContentRulesTest, PackHostsMustContainApex) {
  EXPECT_THAT(With(Pack("p", "[www.example.com]")),
              ElementsAre(HasSubstr("spec.hosts: must contain the zone apex \"example.com\"")));
}

TEST_F(ContentRulesTest, PackHostsMustBelongToZone) {
  EXPECT_THAT(With(Pack("p", "[example.com, \"*.example.com\", a.b.example.com]")), IsEmpty());
  EXPECT_THAT(With(Pack("p", "[example.com, www.example.org, notexample.com]")),
              ElementsAre(HasSubstr("spec.hosts[1]: \"www.example.org\" is not in zone \"example.com\""),
                          HasSubstr("spec.hosts[2]: \"notexample.com\" is not in zone \"example.com\"")));
}

TEST_F(ContentRulesTest, PackHostsValidAndUnique) {
  EXPECT_THAT(With(Pack("p", "[example.com, bad_host.example.com, example.com]")),
              ElementsAre(HasSubstr("spec.hosts[1]: \"bad_host.example.com\" is not a valid hostname"),
                          HasSubstr("spec.hosts[2]: \"example.com\" is listed twice")));
}

TEST_F(ContentRulesTest, PackEnums) {
  std::string bad = Doc("CertificatePack", "p",
                        "zone: example-com\nhosts: [example.com]\ncertificateAuthority: digicert\n"
                        "validityDays: 60\nvalidationMethod: cname\n");
  EXPECT_THAT(With(bad),
              ElementsAre(HasSubstr("spec.certificateAuthority: \"digicert\" is not allowed; allowed: google, "
                                    "lets_encrypt, ssl_com"),
                          HasSubstr("spec.validityDays: 60 is not allowed; allowed: 14, 30, 90, 365"),
                          HasSubstr("spec.validationMethod: \"cname\" is not allowed; allowed: txt, http, email")));
  for (const char* days : {"14", "30", "90", "365"}) {
    EXPECT_THAT(With(Pack("p", "[example.com]").replace(Pack("p", "[example.com]").find("90"), 2, days)), IsEmpty());
  }
}

TEST_F(ContentRulesTest, ZoneNameAndIdFormat) {
  EXPECT_THAT(With(Doc("Zone", "z", "name: example.org\naccount: main\nid: 0123456789abcdef0123456789abcdef")), IsEmpty());
  EXPECT_THAT(With(Doc("Zone", "z", "name: localhost\naccount: main\nid: XYZ")),
              ElementsAre(HasSubstr("Zone/z: spec.name: \"localhost\" is not a valid zone name"),
                          HasSubstr("Zone/z: spec.id: must be 32 lowercase hexadecimal characters")));
}

TEST_F(ContentRulesTest, AccountNeedsIdOrName) {
  EXPECT_THAT(With(Doc("Account", "other", "name: Other Corp")), IsEmpty());
  EXPECT_THAT(With(Doc("Account", "other", "{}")), ElementsAre(HasSubstr("Account/other: spec: give id or name")));
}

TEST_F(ContentRulesTest, DuplicateNamesPerKind) {
  EXPECT_THAT(With(Pack("p", "[example.com]") + Pack("q", "[example.com]")), IsEmpty());
  auto errors = With(Pack("p", "[example.com]") + Pack("p", "[example.com]"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("CertificatePack/p: metadata.name: duplicate CertificatePack name; first defined at "));
}

TEST_F(ContentRulesTest, DuplicateZoneApex) {
  EXPECT_THAT(With(Doc("Zone", "again", "name: example.com\naccount: main")),
              ElementsAre(HasSubstr("Zone/again: spec.name: zone \"example.com\" is already declared by Zone \"example-com\"")));
}

TEST_F(ContentRulesTest, DanglingReferencesWithHint) {
  EXPECT_THAT(With(Doc("Zone", "z", "name: example.org\naccount: mian")),
              ElementsAre(HasSubstr("Zone/z: spec.account: Account \"mian\" is not defined; did you mean \"main\"?")));
  EXPECT_THAT(With(Pack("p", "[example.com]").replace(Pack("p", "[example.com]").find("example-com"), 11, "nowhere")),
              ElementsAre(HasSubstr("spec.zone: Zone \"nowhere\" is not defined")));
}

TEST_F(ContentRulesTest, CustomCsrRules) {
  const std::string good = "zone: example-com\ncountry: US\nstate: MA\nlocality: Boston\norganization: Acme\n"
                           "commonName: app.example.com\nsans: [app.example.com]\n";
  EXPECT_THAT(With(Doc("CustomCSR", "c", good)), IsEmpty());
  std::string long_cn(65, 'a');
  EXPECT_THAT(With(Doc("CustomCSR", "c", "zone: example-com\ncountry: USA\nstate: MA\nlocality: Boston\n"
                                         "organization: Acme\ncommonName: " + long_cn + "\nsans: [app.example.com]\n")),
              ElementsAre(HasSubstr("spec.country: \"USA\" is not a two-letter country code"),
                          HasSubstr("spec.commonName: 65 characters; at most 64 are allowed"),
                          HasSubstr("spec.sans: must include the common name")));
  EXPECT_THAT(With(Doc("CustomCSR", "c", "zone: example-com\ncountry: US\nstate: MA\nlocality: Boston\n"
                                         "organization: Acme\ncommonName: a.example.com\nsans: []\n")),
              ElementsAre(HasSubstr("spec.sans: at least one SAN is required")));
  std::string long_san;
  for (int i = 0; i < 4; ++i) long_san += std::string(63, 'a') + ".";
  long_san += "com";  // 259 characters
  EXPECT_THAT(With(Doc("CustomCSR", "c", "zone: example-com\ncountry: US\nstate: MA\nlocality: Boston\n"
                                         "organization: Acme\ncommonName: a.example.com\nsans: [a.example.com, " +
                                             long_san + "]\n")),
              ElementsAre(HasSubstr("spec.sans[1]: 259 characters; at most 255 are allowed")));
  EXPECT_THAT(With(Doc("CustomCSR", "c", "zone: example-com\ncommonName: a.example.com\nsans: [a.example.com]\n")),
              ElementsAre(HasSubstr("spec.country: required field is missing"),
                          HasSubstr("spec.locality: required field is missing"),
                          HasSubstr("spec.organization: required field is missing"),
                          HasSubstr("spec.state: required field is missing")));
}

TEST_F(ContentRulesTest, CustomHostnameNeedsKnownCsrCoveringIt) {
  std::string csr = Doc("CustomCSR", "c", "zone: example-com\ncountry: US\nstate: MA\nlocality: Boston\n"
                                          "organization: Acme\ncommonName: a.shop.test\nsans: [a.shop.test, \"*.b.shop.test\"]\n");
  EXPECT_THAT(With(csr + Doc("CustomHostname", "h", "zone: example-com\nhostname: x.b.shop.test\nssl:\n  customCsr: c")),
              IsEmpty());
  EXPECT_THAT(With(csr + Doc("CustomHostname", "h", "zone: example-com\nhostname: other.test\nssl:\n  customCsr: c")),
              ElementsAre(HasSubstr("spec.hostname: \"other.test\" is not among the SANs of CustomCSR \"c\"")));
  EXPECT_THAT(With(csr + Doc("CustomHostname", "h", "zone: example-com\nhostname: a.shop.test\nssl:\n  customCsr: d")),
              ElementsAre(HasSubstr("spec.ssl.customCsr: CustomCSR \"d\" is not defined; did you mean \"c\"?")));
  EXPECT_THAT(With(csr + Doc("CustomHostname", "h",
                             "zone: example-com\nhostname: a.shop.test\nssl:\n  customCsr: c\n  customKey: {env: K}")),
              ElementsAre(HasSubstr("spec.ssl.customKey: needs customCertificate"),
                          HasSubstr("spec.ssl.customKey: not allowed with customCsr")));
}

TEST_F(ContentRulesTest, ClientCertificateRenewBeforeShorterThanValidity) {
  dir_.Write("c.csr", "-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n");
  auto errors = With(Doc("ClientCertificate", "c", "zone: example-com\ncsrFile: c.csr\nvalidityDays: 20\nrenewBefore: 30d"));
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("spec.renewBefore: must be shorter than validityDays (20 days)")));
  errors = With(Doc("ClientCertificate", "c", "zone: example-com\ncsrFile: c.csr\nrenewBefore: 3 days"));
  EXPECT_THAT(errors, ElementsAre(HasSubstr("spec.renewBefore: expected a duration such as \"30d\"")));
}

TEST_F(ContentRulesTest, HostnameAssociationRules) {
  // The certificate rules need a real PEM; here only the association's own rules are looked at.
  std::string ca = Doc("MTLSCertificate", "leaf", "account: main\nca: false\ncertificate: {file: none.pem}\n"
                                                  "privateKey: {env: KEY}");
  auto errors = With(ca + Doc("HostnameAssociation", "a",
                              "zone: example-com\nmtlsCertificate: leaf\nhostnames: [api.example.com, api.other.org]"));
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("HostnameAssociation/a: spec.hostnames[1]: \"api.other.org\" is not in zone")));
  EXPECT_THAT(errors, ::testing::Contains(HasSubstr("spec.mtlsCertificate: MTLSCertificate \"leaf\" is not a CA")));
}

TEST_F(ContentRulesTest, UniversalSslDisableGuard) {
  EXPECT_THAT(With(Doc("UniversalSSL", "u", "zone: example-com\nenabled: true\nautomaticMode: custom")), IsEmpty());
  EXPECT_THAT(With(Doc("UniversalSSL", "u", "zone: example-com\nenabled: false")),
              ElementsAre(HasSubstr("UniversalSSL/u: spec.enabled: disabling Universal SSL would leave zone "
                                    "\"example-com\" without an edge certificate")));
  EXPECT_THAT(With(Doc("UniversalSSL", "u", "zone: example-com\nenabled: false\nforce: true")), IsEmpty());
  EXPECT_THAT(With(Pack("p", "[example.com]") + Doc("UniversalSSL", "u", "zone: example-com\nenabled: false")),
              IsEmpty());
}

TEST_F(ContentRulesTest, OneUniversalSslPerZone) {
  EXPECT_THAT(With(Doc("UniversalSSL", "u", "zone: example-com") + Doc("UniversalSSL", "v", "zone: example-com")),
              ElementsAre(HasSubstr("UniversalSSL/v: spec.zone: zone \"example-com\" already has UniversalSSL \"u\"")));
}

TEST_F(ContentRulesTest, UnknownFieldSuggestsClosest) {
  EXPECT_THAT(With(Pack("p", "[example.com]", "cloudflareBrandin: true\n")),
              ElementsAre(HasSubstr("spec.cloudflareBrandin: unknown field; did you mean \"cloudflareBranding\"?")));
  EXPECT_THAT(With(Pack("p", "[example.com]", "zzzzzzzzzz: 1\n")),
              ElementsAre(HasSubstr("spec.zzzzzzzzzz: unknown field; allowed: zone, hosts, type")));
}

TEST_F(ContentRulesTest, WrongTypesSayWhatIsAllowed) {
  EXPECT_THAT(With(Pack("p", "example.com")),
              ElementsAre(HasSubstr("spec.hosts: expected a list of strings, got a scalar")));
  EXPECT_THAT(With(Pack("p", "[example.com]", "cloudflareBranding: \"yes\"\n")),
              ElementsAre(HasSubstr("spec.cloudflareBranding: expected true or false, got \"yes\"")));
}

TEST_F(ContentRulesTest, DeletionPolicyInSpec) {
  EXPECT_THAT(With(Pack("p", "[example.com]", "deletionPolicy: Orphan\n")), IsEmpty());
  EXPECT_THAT(With(Pack("p", "[example.com]", "deletionPolicy: Keep\n")),
              ElementsAre(HasSubstr("spec.deletionPolicy: \"Keep\" is not allowed; allowed: Delete, Orphan")));
  EXPECT_THAT(With(Doc("Zone", "z", "name: example.org\naccount: main\ndeletionPolicy: Orphan")),
              ElementsAre(HasSubstr("Zone/z: spec.deletionPolicy: unknown field")));
}

TEST_F(ContentRulesTest, InlinePrivateKeyAnywhereIsRefused) {
  auto errors = With(Pack("p", "[example.com]") +
                     "---\napiVersion: edgecert.dev/v1\nkind: Zone\nmetadata:\n  name: z\n  labels:\n"
                     "    note: \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n\"\n"
                     "spec: {name: example.org, account: main}\n");
  EXPECT_THAT(errors, ElementsAre(HasSubstr("Zone/z: inline private key: a private key must never be written")));
}

}  // namespace
}  // namespace edgecert::manifests::testing
