// What DNS automation gets: pending TXT/CNAME records only, a DNSEndpoint with exactly external-dns's
// CRD fields (spec.endpoints[].dnsName, recordType, targets, recordTTL), and zone-file lines.
#include "dcv/dcv_records.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "manifests/yaml_tree.h"

namespace edgecert::dcv {
namespace {

using reconcile::ObjectStatus;
using reconcile::Phase;

ObjectStatus Pending(manifests::Kind kind, std::string name, std::vector<reconcile::ValidationRecord> records) {
  ObjectStatus s;
  s.key = {kind, std::move(name)};
  s.zone = "example-com";
  s.phase = Phase::kProgressing;
  s.remote_status = "pending_validation";
  s.validation_records = std::move(records);
  return s;
}

TEST(PendingDnsRecordsTest, OnlyTxtAndCnameOfPendingPacksAndHostnames) {
  auto pack = Pending(manifests::Kind::kCertificatePack, "www",
                      {{"txt", "_acme-challenge.WWW.example.com.", "abc"},
                       {"http", "http://www.example.com/.well-known/x", "body"},
                       {"txt", "_acme-challenge.www.example.com", "abc"}});
  EXPECT_EQ(PendingDnsRecords(pack), (std::vector<DnsRecord>{{"TXT", "_acme-challenge.www.example.com", "abc"}}));
  auto hostname =
      Pending(manifests::Kind::kCustomHostname, "shop", {{"cname", "_acme.shop.test", "shop.test.dcv.example.net."}});
  EXPECT_EQ(PendingDnsRecords(hostname),
            (std::vector<DnsRecord>{{"CNAME", "_acme.shop.test", "shop.test.dcv.example.net"}}));
  pack.remote_status = "active";
  pack.phase = Phase::kReady;
  EXPECT_TRUE(PendingDnsRecords(pack).empty());
  EXPECT_TRUE(
      PendingDnsRecords(Pending(manifests::Kind::kClientCertificate, "c", {{"txt", "a.example.com", "x"}})).empty());
}

// The fields of external-dns's DNSEndpoint CRD (kubernetes-sigs/external-dns, config/crd/standard/
// dnsendpoint.yaml, v1alpha1): an endpoint has these and no other.
const std::set<std::string> kEndpointFields = {"dnsName",    "labels",        "providerSpecific", "recordTTL",
                                               "recordType", "setIdentifier", "targets"};

TEST(RenderDnsEndpointTest, MatchesTheExternalDnsCrd) {
  std::vector<DnsRecord> records = {{"TXT", "_acme-challenge.example.com", "one"},
                                    {"TXT", "_acme-challenge.example.com", "two \"quoted\""},
                                    {"CNAME", "_dcv.www.example.com", "www.example.com.dcv.cloudflare.com"}};
  const std::string text = RenderDnsEndpoint({manifests::Kind::kCertificatePack, "Wildcard-Example-Com"}, records);
  EXPECT_EQ(text.rfind(kMarker, 0), 0u);
  auto parsed = manifests::ParseYamlDocuments(text, "endpoint.yaml", {});
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front().message;
  ASSERT_EQ(parsed.documents.size(), 1u);
  const auto& root = *parsed.documents.front().root;
  EXPECT_EQ(root.Find("apiVersion")->value->scalar, "externaldns.k8s.io/v1alpha1");
  EXPECT_EQ(root.Find("kind")->value->scalar, "DNSEndpoint");
  const std::string name = root.Find("metadata")->value->Find("name")->value->scalar;
  EXPECT_EQ(name, "edgecert-certificatepack-wildcard-example-com");
  EXPECT_TRUE(std::regex_match(name, std::regex("[a-z0-9]([-a-z0-9.]*[a-z0-9])?"))) << name;
  const auto& endpoints = *root.Find("spec")->value->Find("endpoints")->value;
  ASSERT_EQ(endpoints.type, manifests::YamlNode::Type::kSequence);
  ASSERT_EQ(endpoints.items.size(), 2u);  // the two TXT values share one endpoint
  std::map<std::string, std::vector<std::string>> seen;
  for (const auto& endpoint : endpoints.items) {
    for (const auto& entry : endpoint->entries) EXPECT_TRUE(kEndpointFields.count(entry.key)) << entry.key;
    const auto* ttl = endpoint->Find("recordTTL");
    ASSERT_NE(ttl, nullptr);
    EXPECT_FALSE(ttl->value->quoted);  // an integer, as the CRD's int64
    EXPECT_EQ(ttl->value->scalar, "300");
    const auto& targets = *endpoint->Find("targets")->value;
    ASSERT_EQ(targets.type, manifests::YamlNode::Type::kSequence);
    std::vector<std::string> values;
    for (const auto& t : targets.items) values.push_back(t->scalar);
    seen[endpoint->Find("recordType")->value->scalar + " " + endpoint->Find("dnsName")->value->scalar] = values;
  }
  EXPECT_EQ(seen["TXT _acme-challenge.example.com"], (std::vector<std::string>{"one", "two \"quoted\""}));
  EXPECT_EQ(seen["CNAME _dcv.www.example.com"], (std::vector<std::string>{"www.example.com.dcv.cloudflare.com"}));
}

TEST(RenderZoneFragmentTest, AbsoluteNamesEscapedAndSplitTxt) {
  const std::string long_text(300, 'a');
  const std::string text = RenderZoneFragment(
      "example-com",
      {{{manifests::Kind::kCertificatePack, "www"},
        {{"TXT", "_acme-challenge.www.example.com", "say \"hi\"\\"}, {"TXT", "long.example.com", long_text}}},
       {{manifests::Kind::kCustomHostname, "shop"}, {{"CNAME", "_dcv.shop.test", "shop.test.dcv.example.net"}}}});
  EXPECT_EQ(text.rfind(";", 0), 0u);
  EXPECT_NE(text.find("; CertificatePack/www\n"), std::string::npos);
  EXPECT_NE(text.find("_acme-challenge.www.example.com. 300 IN TXT \"say \\\"hi\\\"\\\\\"\n"), std::string::npos)
      << text;
  EXPECT_NE(
      text.find("long.example.com. 300 IN TXT \"" + std::string(255, 'a') + "\" \"" + std::string(45, 'a') + "\"\n"),
      std::string::npos);
  EXPECT_NE(text.find("_dcv.shop.test. 300 IN CNAME shop.test.dcv.example.net.\n"), std::string::npos);
}

}  // namespace
}  // namespace edgecert::dcv
