// mTLS certificates, hostname associations, client certificates, custom CSRs, custom hostnames,
// custom certificates and analyze, over real HTTP with real certificates.
#include <regex>

#include "tests/api/emulator/emulator_fixture.h"

namespace edgecert::emulator::testing {
namespace {

using web::json::value;

value MtlsBody(const std::string& pem, bool ca, const std::string& name, const std::string& key = "") {
  value body = value::object();
  body["certificates"] = value::string(pem);
  body["ca"] = value::boolean(ca);
  body["name"] = value::string(name);
  if (!key.empty()) body["private_key"] = value::string(key);
  return body;
}

value CsrBody(const std::string& common_name, std::vector<std::string> sans, const std::string& key_type = "p256v1") {
  value body = value::object();
  body["country"] = value::string("US");
  body["state"] = value::string("MA");
  body["locality"] = value::string("Boston");
  body["organization"] = value::string("City of Boston");
  body["common_name"] = value::string(common_name);
  std::vector<value> list;
  for (const auto& s : sans) list.push_back(value::string(s));
  body["sans"] = value::array(list);
  body["key_type"] = value::string(key_type);
  return body;
}

class CertTest : public EmulatorTest {
 protected:
  std::string Mtls() { return "/accounts/" + AccountId() + "/mtls_certificates"; }
  std::string Zone() { return "/zones/" + ZoneId(); }
};

TEST_F(CertTest, MtlsUploadRulesAssociationsAndDelete) {
  const TestCa root = TestCa::Make("Edgecert Test Root");
  Reply uploaded = Call("POST", Mtls(), MtlsBody(root.ca.certificate_pem, true, "root"));
  ASSERT_EQ(uploaded.status, 200) << uploaded.body.serialize();
  const value& cert = uploaded.result();
  const std::string id = cert.at("id").as_string();
  EXPECT_EQ(cert.at("signature").as_string(), "ECDSAWithSHA256");
  EXPECT_EQ(cert.at("issuer").as_string().find("CN=Edgecert Test Root") != std::string::npos, true);
  EXPECT_FALSE(cert.at("serial_number").as_string().empty());
  EXPECT_TRUE(cert.at("expires_on").is_string());
  EXPECT_TRUE(cert.at("uploaded_on").is_string());
  EXPECT_FALSE(cert.has_field("private_key"));

  auto [leaf, leaf_key] = root.Leaf({"client.example.com"});
  EXPECT_EQ(Call("POST", Mtls(), MtlsBody(leaf, true, "not-a-ca")).code(), 1432);
  EXPECT_EQ(Call("POST", Mtls(), MtlsBody(leaf, false, "leaf-without-key")).code(), 1435);
  auto [other, other_key] = root.Leaf({"other.example.com"});
  EXPECT_EQ(Call("POST", Mtls(), MtlsBody(leaf, false, "wrong-key", other_key.Reveal())).code(), 1435);
  EXPECT_EQ(Call("POST", Mtls(), MtlsBody(leaf, false, "leaf", leaf_key.Reveal())).status, 200);
  EXPECT_EQ(Call("POST", Mtls(), MtlsBody("not a pem", true, "junk")).code(), 1431);
  value no_ca = MtlsBody(root.ca.certificate_pem, true, "x");
  no_ca.erase("ca");
  EXPECT_EQ(Call("POST", Mtls(), no_ca).code(), 1431);

  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(
        Call("POST", Mtls(), MtlsBody(TestCa::Make("CA " + std::to_string(i)).ca.certificate_pem, true, "ca")).status,
        200);
  }
  EXPECT_EQ(Call("POST", Mtls(), MtlsBody(TestCa::Make("Sixth").ca.certificate_pem, true, "sixth")).code(), 1434);
  Reply listed = Call("GET", Mtls() + "?per_page=5");
  EXPECT_EQ(listed.body.at("result_info").at("total_count").as_integer(), 6);
  EXPECT_EQ(listed.result().size(), 5u);
  EXPECT_EQ(Call("GET", Mtls() + "/" + id).result().at("name").as_string(), "root");

  const std::string associations = Zone() + "/certificate_authorities/hostname_associations";
  value put = value::object();
  put["mtls_certificate_id"] = value::string(id);
  put["hostnames"] = value::array({value::string("api.example.com"), value::string("mtls.example.com")});
  Reply associated = Call("PUT", associations, put);
  ASSERT_EQ(associated.status, 200) << associated.body.serialize();
  EXPECT_EQ(associated.result().at("hostnames").size(), 2u);
  EXPECT_EQ(Call("GET", associations + "?mtls_certificate_id=" + id).result().at("hostnames").size(), 2u);
  EXPECT_EQ(Call("GET", associations).result().at("hostnames").size(), 0u);  // the managed CA's set
  EXPECT_EQ(Call("GET", Mtls() + "/" + id + "/associations").result().size(), 2u);
  value outside = put;
  outside["hostnames"] = value::array({value::string("www.example.org")});
  EXPECT_EQ(Call("PUT", associations, outside).code(), 1439);
  value unknown = put;
  unknown["mtls_certificate_id"] = value::string(std::string(32, 'f'));
  EXPECT_EQ(Call("PUT", associations, unknown).status, 404);

  Reply refused = Call("DELETE", Mtls() + "/" + id);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.code(), 1438);
  put["hostnames"] = value::array();
  ASSERT_EQ(Call("PUT", associations, put).status, 200);
  EXPECT_EQ(Call("DELETE", Mtls() + "/" + id).status, 200);
  EXPECT_EQ(Call("GET", Mtls() + "/" + id).code(), 1437);
}

TEST_F(CertTest, ClientCertificateIssueRevokeAndReactivate) {
  auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
  ASSERT_TRUE(key.ok());
  crypto::DistinguishedName subject{"US", "CA", "San Francisco", "Example Org", "Devices", "device-1"};
  auto csr = crypto::CreateCsr(*key, subject, {});
  ASSERT_TRUE(csr.ok()) << csr.status().ToString();
  value body = value::object();
  body["csr"] = value::string(*csr);
  body["validity_days"] = value::number(365);
  const std::string path = Zone() + "/client_certificates";
  Reply created = Call("POST", path, body);
  ASSERT_EQ(created.status, 200) << created.body.serialize();
  const value& cert = created.result();
  const std::string id = cert.at("id").as_string();
  EXPECT_EQ(cert.at("status").as_string(), "active");
  EXPECT_EQ(cert.at("common_name").as_string(), "device-1");
  EXPECT_EQ(cert.at("organizational_unit").as_string(), "Devices");
  EXPECT_EQ(cert.at("location").as_string(), "San Francisco");
  EXPECT_EQ(cert.at("validity_days").as_integer(), 365);
  EXPECT_EQ(cert.at("fingerprint_sha256").as_string().size(), 64u);
  EXPECT_EQ(cert.at("ski").as_string().size(), 40u);
  EXPECT_EQ(cert.at("certificate_authority").at("name").as_string(), "Cloudflare Managed CA for account");
  auto issued = crypto::ParseCertificate(cert.at("certificate").as_string());
  ASSERT_TRUE(issued.ok());
  EXPECT_EQ(issued->fingerprint_sha256, cert.at("fingerprint_sha256").as_string());
  EXPECT_EQ(issued->serial_number, cert.at("serial_number").as_string());
  EXPECT_EQ(issued->not_after - issued->not_before, std::chrono::hours(24 * 365));

  EXPECT_EQ(Call("PATCH", path + "/" + id, value::object()).code(), 1454);
  EXPECT_EQ(Call("DELETE", path + "/" + id).result().at("status").as_string(), "pending_revocation");
  EXPECT_EQ(Call("GET", path + "?status=pending_revocation").result().size(), 1u);
  Advance(30);
  EXPECT_EQ(Call("GET", path + "/" + id).result().at("status").as_string(), "revoked");
  EXPECT_EQ(Call("PATCH", path + "/" + id, value::object()).result().at("status").as_string(), "pending_reactivation");
  Advance(30);
  EXPECT_EQ(Call("GET", path + "?status=active").result().size(), 1u);

  value bad = body;
  bad["csr"] = value::string("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
  EXPECT_EQ(Call("POST", path, bad).code(), 1451);
  bad = body;
  bad["validity_days"] = value::number(0);
  EXPECT_EQ(Call("POST", path, bad).code(), 1452);
  EXPECT_EQ(Call("GET", path + "/" + std::string(32, 'a')).code(), 1453);
  EXPECT_EQ(Call("GET", path + "?status=bogus").status, 400);
}

TEST_F(CertTest, CustomCsrRulesAndInUseRefusal) {
  const std::string path = Zone() + "/custom_csrs";
  Reply created = Call("POST", path, CsrBody("app.example.com", {"app.example.com", "www.example.com"}));
  ASSERT_EQ(created.status, 200) << created.body.serialize();
  const std::string csr_id = created.result().at("id").as_string();
  const std::string csr_pem = created.result().at("csr").as_string();
  auto parsed = crypto::ParseCsr(csr_pem);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->key_type, crypto::KeyType::kP256);
  EXPECT_EQ(parsed->subject.common_name, "app.example.com");
  EXPECT_EQ(parsed->dns_names.size(), 2u);
  EXPECT_FALSE(created.result().has_field("private_key"));

  value missing = CsrBody("a.example.com", {"a.example.com"});
  missing.erase("locality");
  EXPECT_EQ(Call("POST", path, missing).code(), 1461);
  EXPECT_EQ(Call("POST", path, CsrBody("a.example.com", {"a.example.com"}, "rsa4096")).code(), 1462);
  EXPECT_EQ(Call("POST", path, CsrBody(std::string(65, 'a'), {std::string(65, 'a')})).code(), 1463);
  EXPECT_EQ(Call("POST", path, CsrBody("a.example.com", {"b.example.com"})).code(), 1464);
  EXPECT_EQ(Call("POST", path, CsrBody("a.example.com", {})).code(), 1464);
  EXPECT_EQ(Call("GET", path).result().size(), 1u);
  EXPECT_EQ(Call("GET", path + "/" + csr_id).result().at("sans").size(), 2u);

  // The customer's CA signs the CSR; the hostname takes the certificate against the CSR's key.
  const TestCa customer_ca = TestCa::Make("Customer CA");
  value host = value::object();
  host["hostname"] = value::string("app.customer.com");
  value ssl = value::object();
  ssl["custom_csr_id"] = value::string(csr_id);
  ssl["custom_certificate"] = value::string(customer_ca.Sign(csr_pem));
  host["ssl"] = ssl;
  Reply hostname = Call("POST", Zone() + "/custom_hostnames", host);
  ASSERT_EQ(hostname.status, 200) << hostname.body.serialize();
  EXPECT_EQ(hostname.result().at("ssl").at("status").as_string(), "pending_deployment");
  EXPECT_EQ(Call("DELETE", path + "/" + csr_id).code(), 1466);
  const std::string hostname_id = hostname.result().at("id").as_string();
  Reply deleted = Call("DELETE", Zone() + "/custom_hostnames/" + hostname_id);
  ASSERT_EQ(deleted.status, 200);
  // The contract's answer is the bare object, not the envelope.
  EXPECT_FALSE(deleted.body.has_field("success")) << deleted.body.serialize();
  EXPECT_EQ(deleted.body.at("id").as_string(), hostname_id);
  EXPECT_EQ(Call("DELETE", path + "/" + csr_id).status, 200);
  EXPECT_EQ(Call("GET", path + "/" + csr_id).code(), 1465);
}

TEST_F(CertTest, CustomHostnameLifecycleAndCertificateChecks) {
  const std::string path = Zone() + "/custom_hostnames";
  Reply created = Call("POST", path, Json(R"({"hostname":"shop.customer.com","ssl":{"method":"txt","type":"dv"}})"));
  ASSERT_EQ(created.status, 200) << created.body.serialize();
  const std::string id = created.result().at("id").as_string();
  // The contract's ids of custom hostnames and their ssl objects are 36-character UUIDs.
  const std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  EXPECT_TRUE(std::regex_match(id, uuid)) << id;
  EXPECT_TRUE(std::regex_match(created.result().at("ssl").at("id").as_string(), uuid))
      << created.result().at("ssl").serialize();
  EXPECT_EQ(created.result().at("status").as_string(), "pending");
  EXPECT_EQ(created.result().at("ssl").at("status").as_string(), "initializing");
  EXPECT_EQ(created.result().at("ssl").at("validation_records").at(0).at("txt_name").as_string(),
            "_acme-challenge.shop.customer.com");
  EXPECT_EQ(created.result().at("ownership_verification").at("name").as_string(),
            "_cf-custom-hostname.shop.customer.com");
  Advance(130);
  EXPECT_EQ(Call("GET", path + "/" + id).result().at("status").as_string(), "active");
  EXPECT_EQ(Call("POST", path, Json(R"({"hostname":"shop.customer.com","ssl":{}})")).status, 409);
  EXPECT_EQ(Call("POST", path, Json(R"({"hostname":"bad host","ssl":{}})")).code(), 1471);
  EXPECT_EQ(Call("POST", path, Json(R"({"hostname":"x.customer.com"})")).code(), 1473);
  EXPECT_EQ(Call("POST", path, Json(R"({"hostname":"x.customer.com","ssl":{"method":"dns"}})")).code(), 1473);
  EXPECT_EQ(Call("GET", path + "?hostname=shop").result().size(), 1u);

  Reply patched =
      Call("PATCH", path + "/" + id, Json(R"({"custom_origin_server":"origin.customer.com","ssl":{"method":"http"}})"));
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(patched.result().at("custom_origin_server").as_string(), "origin.customer.com");
  EXPECT_EQ(patched.result().at("ssl").at("status").as_string(), "initializing");

  // Self-signed is refused; a certificate must match the given key.
  const TestCa self_signed = TestCa::Make("self.customer.com");
  value ssl = value::object();
  ssl["custom_certificate"] = value::string(self_signed.ca.certificate_pem);
  ssl["custom_key"] = value::string(self_signed.ca.private_key_pem.Reveal());
  value body = value::object();
  body["hostname"] = value::string("self.customer.com");
  body["ssl"] = ssl;
  EXPECT_EQ(Call("POST", path, body).code(), 1474);
  const TestCa ca = TestCa::Make("Public-ish CA");
  auto [leaf, key] = ca.Leaf({"leaf.customer.com"});
  auto [other, other_key] = ca.Leaf({"other.customer.com"});
  ssl["custom_certificate"] = value::string(leaf);
  ssl["custom_key"] = value::string(other_key.Reveal());
  body["hostname"] = value::string("leaf.customer.com");
  body["ssl"] = ssl;
  EXPECT_EQ(Call("POST", path, body).code(), 1475);
  ssl["custom_key"] = value::string(key.Reveal());
  body["ssl"] = ssl;
  Reply with_cert = Call("POST", path, body);
  ASSERT_EQ(with_cert.status, 200);
  EXPECT_FALSE(with_cert.result().at("ssl").has_field("custom_key"));
  ssl["custom_csr_id"] = value::string(std::string(32, 'e'));
  body["hostname"] = value::string("csr.customer.com");
  body["ssl"] = ssl;
  EXPECT_EQ(Call("POST", path, body).code(), 1476);
  EXPECT_EQ(Call("DELETE", path + "/" + id).status, 200);
  EXPECT_EQ(Call("GET", path + "/" + id).code(), 1477);
}

TEST_F(CertTest, CustomCertificatesAndAnalyze) {
  const std::string path = Zone() + "/custom_certificates";
  const TestCa ca = TestCa::Make("Public-ish CA");
  auto [leaf, key] = ca.Leaf({"example.com", "www.example.com"});
  value body = value::object();
  body["certificate"] = value::string(leaf);
  body["private_key"] = value::string(key.Reveal());
  body["bundle_method"] = value::string("optimal");
  Reply created = Call("POST", path, body);
  ASSERT_EQ(created.status, 200) << created.body.serialize();
  const std::string id = created.result().at("id").as_string();
  EXPECT_EQ(created.result().at("hosts").size(), 2u);
  EXPECT_EQ(created.result().at("status").as_string(), "pending");
  EXPECT_EQ(created.result().at("bundle_method").as_string(), "optimal");
  EXPECT_FALSE(created.result().has_field("private_key"));
  Advance(30);
  EXPECT_EQ(Call("GET", path + "/" + id).result().at("status").as_string(), "active");
  EXPECT_EQ(Call("GET", path + "?status=active").result().size(), 1u);

  auto [other, other_key] = ca.Leaf({"other.example.com"});
  value mismatch = body;
  mismatch["private_key"] = value::string(other_key.Reveal());
  EXPECT_EQ(Call("POST", path, mismatch).code(), 1483);
  const TestCa self_signed = TestCa::Make("example.com");
  value self = value::object();
  self["certificate"] = value::string(self_signed.ca.certificate_pem);
  self["private_key"] = value::string(self_signed.ca.private_key_pem.Reveal());
  EXPECT_EQ(Call("POST", path, self).code(), 1482);
  value bad_bundle = body;
  bad_bundle["bundle_method"] = value::string("fastest");
  EXPECT_EQ(Call("POST", path, bad_bundle).code(), 1484);
  EXPECT_EQ(Call("POST", path, Json(R"({"certificate":"x"})")).code(), 1481);

  Reply patched = Call("PATCH", path + "/" + id, Json(R"({"bundle_method":"force"})"));
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(patched.result().at("bundle_method").as_string(), "force");
  EXPECT_EQ(Call("PATCH", path + "/" + id, Json(R"({"certificate":"x"})")).code(), 1481);
  EXPECT_EQ(Call("DELETE", path + "/" + id).result().at("id").as_string(), id);
  EXPECT_EQ(Call("GET", path + "/" + id).code(), 1485);

  value analyze = value::object();
  analyze["certificate"] = value::string(leaf);
  Reply analyzed = Call("POST", Zone() + "/ssl/analyze", analyze);
  ASSERT_EQ(analyzed.status, 200);
  EXPECT_EQ(analyzed.result().at("bundle_method").as_string(), "ubiquitous");
  EXPECT_EQ(analyzed.result().at("hosts").size(), 2u);
  EXPECT_EQ(analyzed.result().at("signature").as_string(), "ECDSAWithSHA256");
  analyze["certificate"] = value::string(self_signed.ca.certificate_pem);
  EXPECT_EQ(Call("POST", Zone() + "/ssl/analyze", analyze).code(), 1482);
  EXPECT_EQ(Call("POST", Zone() + "/ssl/analyze", value::object()).code(), 1481);
}

}  // namespace
}  // namespace edgecert::emulator::testing
