// Every API type: a full object maps, unknown fields and null optionals are tolerated, each missing
// required field and each wrong type yields a clear error naming the object and the field.
#include "api/client/json_mapping.h"

#include <gtest/gtest.h>

#include <functional>

namespace edgecert::api {
namespace {

using Json = web::json::value;

struct TypeCase {
  std::string name;
  std::string full_json;                // every field the mapping reads, plus unknown ones
  std::vector<std::string> required;    // fields whose absence must be an error
  std::vector<std::string> optionals;   // fields that may be null
  std::function<Status(const Json&)> parse;
};

template <typename T>
std::function<Status(const Json&)> P(Result<T> (*f)(const Json&)) {
  return [f](const Json& v) {
    auto r = f(v);
    return r.ok() ? Status::Ok() : r.status();
  };
}

std::vector<TypeCase> Cases() {
  return {
      {"account", R"({"id":"a1","name":"Ops","settings":{"x":1},"created_on":"2020-01-01T00:00:00Z"})",
       {"id", "name"}, {}, P(ParseAccount)},
      {"zone", R"({"id":"z1","name":"example.com","status":"active","account":{"id":"a1","name":"Ops"},"meta":{}})",
       {"id", "name"}, {"status", "account"}, P(ParseZone)},
      {"universal SSL settings", R"({"enabled":true})", {}, {"enabled"}, P(ParseUniversalSslSettings)},
      {"automatic SSL mode", R"({"id":"ssl_automatic_mode","value":"auto","editable":true,"modified_on":"2024-01-01T00:00:00Z","next_scheduled_scan":"2024-02-01T00:00:00Z"})",
       {"value"}, {"id", "editable", "modified_on", "next_scheduled_scan"}, P(ParseAutomaticSslMode)},
      {"certificate analysis", R"({"hosts":["a.example.com"],"issuer":"CA","signature":"SHA256WithRSA","expires_on":"2030-01-01T00:00:00Z","bundle_method":"ubiquitous","chain":[]})",
       {}, {"hosts", "issuer"}, P(ParseCertificateAnalysis)},
      {"certificate pack", R"({"id":"p1","type":"advanced","hosts":["example.com","*.example.com"],"status":"pending_validation",
        "certificate_authority":"lets_encrypt","validation_method":"txt","validity_days":90,"cloudflare_branding":false,
        "primary_certificate":"c1","certificates":[{"id":"c1","hosts":["example.com"],"status":"active","issuer":"LE","expires_on":"2030-01-01T00:00:00Z","priority":1}],
        "validation_records":[{"txt_name":"_acme-challenge.example.com","txt_value":"v","status":"pending","emails":["a@example.com"]}],
        "dcv_delegation_records":[{"cname":"_acme-challenge.example.com","cname_target":"x.dcv.cloudflare.com"}],
        "validation_errors":[{"message":"CAA forbids"}],"new_field":[1,2]})",
       {"id", "type", "hosts", "status"},
       {"certificate_authority", "validation_method", "validity_days", "cloudflare_branding", "certificates",
        "validation_records", "validation_errors"},
       P(ParseCertificatePack)},
      {"certificate pack quota", R"({"advanced":{"allocated":10,"used":3}})", {}, {"advanced"}, P(ParseCertificatePackQuota)},
      {"SSL verification", R"({"certificate_status":"active","cert_pack_uuid":"p1","validation_method":"txt","verification_type":"cname","verification_status":true,"brand_check":false,"signature":"SHA256WithRSA","verification_info":{"record_name":"txt_name","record_target":"txt_value"}})",
       {"certificate_status"}, {"cert_pack_uuid", "verification_info", "verification_status"}, P(ParseVerification)},
      {"validation method change", R"({"status":"pending_validation","validation_method":"http"})", {},
       {"status", "validation_method"}, P(ParseValidationMethodChange)},
      {"mTLS certificate", R"({"id":"m1","certificates":"-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n","ca":true,"name":"root","issuer":"CN=root","serial_number":"1","signature":"SHA256WithRSA","expires_on":"2030-01-01T00:00:00Z","uploaded_on":"2024-01-01T00:00:00Z","updated_at":"x"})",
       {"id", "certificates"}, {"ca", "name", "issuer"}, P(ParseMtlsCertificate)},
      {"mTLS certificate association", R"({"service":"gateway","status":"active"})", {"service"}, {"status"}, P(ParseMtlsAssociation)},
      {"hostname associations", R"({"hostnames":["api.example.com"]})", {}, {"hostnames"}, P(ParseHostnameAssociations)},
      {"client certificate", R"({"id":"cc1","status":"active","certificate":"PEM","csr":"CSR","common_name":"cn","country":"US","state":"CA","location":"SF","organization":"O","organizational_unit":"OU","fingerprint_sha256":"ab","serial_number":"1","signature":"s","ski":"k","issued_on":"2024-01-01T00:00:00Z","expires_on":"2034-01-01T00:00:00Z","validity_days":3650,"certificate_authority":{"id":"ca1","name":"Managed CA"}})",
       {"id", "status"}, {"certificate", "csr", "validity_days", "certificate_authority"}, P(ParseClientCertificate)},
      {"custom CSR", R"({"id":"7b163417-1d2b-4c84-a38a-2fb7a0cd7752","country":"US","state":"MA","locality":"Boston","organization":"City of Boston","organizational_unit":"Parade","common_name":"app.example.com","sans":["app.example.com","example.com"],"key_type":"p256v1","csr":"-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n"})",
       {"id", "common_name", "sans", "csr"}, {"organizational_unit", "key_type", "country"}, P(ParseCustomCsr)},
      {"custom hostname", R"({"id":"h1","hostname":"app.customer.com","status":"pending","custom_origin_server":"origin.example.com","custom_origin_sni":"sni.example.com",
        "custom_metadata":{"key":"value","n":1},"ownership_verification":{"type":"txt","name":"_cf-custom-hostname.app.customer.com","value":"v"},
        "ownership_verification_http":{"http_url":"http://app.customer.com/.well-known/cf","http_body":"b"},"verification_errors":["none yet"],"created_at":"2024-01-01T00:00:00Z",
        "ssl":{"id":"s1","status":"pending_validation","method":"txt","type":"dv","certificate_authority":"google","bundle_method":"ubiquitous","custom_csr_id":"7b16","wildcard":false,
               "issuer":"i","serial_number":"1","signature":"s","uploaded_on":"u","expires_on":"e","hosts":["app.customer.com"],
               "validation_records":[{"txt_name":"n","txt_value":"v"}],"validation_errors":[{"message":"m"}],"settings":{"min_tls_version":"1.2"}}})",
       {"id", "hostname", "ssl"}, {"status", "custom_metadata", "ownership_verification", "created_at"}, P(ParseCustomHostname)},
      {"custom certificate", R"({"id":"cc","status":"active","hosts":["example.com"],"issuer":"i","signature":"s","bundle_method":"ubiquitous","zone_id":"z","uploaded_on":"u","modified_on":"m","expires_on":"e","priority":1,"geo_restrictions":{"label":"us"}})",
       {"id", "status"}, {"hosts", "priority"}, P(ParseCustomCertificate)},
  };
}

TEST(JsonMappingTest, FullObjectsMap) {
  for (const auto& c : Cases()) {
    Status s = c.parse(Json::parse(c.full_json));
    EXPECT_TRUE(s.ok()) << c.name << ": " << s.ToString();
  }
}

TEST(JsonMappingTest, MissingRequiredFieldNamesObjectAndField) {
  for (const auto& c : Cases()) {
    for (const auto& field : c.required) {
      Json v = Json::parse(c.full_json);
      v.erase(field);
      Status s = c.parse(v);
      ASSERT_FALSE(s.ok()) << c.name << " without " << field;
      EXPECT_NE(s.message().find(c.name), std::string::npos) << s.message();
      EXPECT_NE(s.message().find("\"" + field + "\""), std::string::npos) << s.message();
      EXPECT_NE(s.message().find("missing"), std::string::npos) << s.message();
    }
  }
}

TEST(JsonMappingTest, NullOptionalsAreTolerated) {
  for (const auto& c : Cases()) {
    Json v = Json::parse(c.full_json);
    for (const auto& field : c.optionals) v[field] = Json::null();
    Status s = c.parse(v);
    EXPECT_TRUE(s.ok()) << c.name << ": " << s.ToString();
  }
}

TEST(JsonMappingTest, WrongTypesAreClearErrors) {
  for (const auto& c : Cases()) {
    for (const auto& field : c.required) {
      Json v = Json::parse(c.full_json);
      v[field] = Json::number(12345);
      if (field == "ssl") v[field] = Json::string("not an object");
      Status s = c.parse(v);
      ASSERT_FALSE(s.ok()) << c.name << " with a wrong " << field;
      EXPECT_NE(s.message().find("\"" + field + "\""), std::string::npos) << s.message();
      EXPECT_NE(s.message().find("expected"), std::string::npos) << s.message();
    }
    // A result that is not an object at all.
    Status s = c.parse(Json::string("surprise"));
    EXPECT_FALSE(s.ok()) << c.name;
    EXPECT_NE(s.message().find("expected an object"), std::string::npos) << s.message();
  }
}

Json Sample(const std::string& name) {
  for (const auto& c : Cases()) {
    if (c.name == name) return Json::parse(c.full_json);
  }
  ADD_FAILURE() << "no sample " << name;
  return Json::null();
}

TEST(JsonMappingTest, FieldsLandInTheStruct) {
  auto pack = ParseCertificatePack(Sample("certificate pack"));
  ASSERT_TRUE(pack.ok());
  EXPECT_EQ(pack->hosts, (std::vector<std::string>{"example.com", "*.example.com"}));
  EXPECT_EQ(pack->validity_days, 90);
  ASSERT_EQ(pack->validation_records.size(), 1u);
  EXPECT_EQ(pack->validation_records[0].txt_name, "_acme-challenge.example.com");
  EXPECT_EQ(pack->validation_records[0].emails, std::vector<std::string>{"a@example.com"});
  EXPECT_EQ(pack->dcv_delegation_records[0].cname_target, "x.dcv.cloudflare.com");
  EXPECT_EQ(pack->validation_errors, std::vector<std::string>{"CAA forbids"});
  EXPECT_EQ(pack->certificates[0].expires_on, "2030-01-01T00:00:00Z");

  auto host = ParseCustomHostname(Sample("custom hostname"));
  ASSERT_TRUE(host.ok()) << host.status().ToString();
  ASSERT_TRUE(host->ssl.has_value());
  EXPECT_EQ(host->ssl->custom_csr_id, "7b16");
  EXPECT_EQ(host->custom_metadata.at("key"), "value");
  EXPECT_EQ(host->custom_metadata.at("n"), "1");
  EXPECT_EQ(host->ownership_txt_name, "_cf-custom-hostname.app.customer.com");

  auto csr = ParseCustomCsr(Sample("custom CSR"));
  ASSERT_TRUE(csr.ok());
  EXPECT_NE(csr->csr.find("\n"), std::string::npos);  // JSON "\n" decoded to real newlines
}

TEST(JsonMappingTest, CustomHostnameSslMayBeNull) {
  auto h = ParseCustomHostname(Json::parse(R"({"id":"h","hostname":"a.b.com","ssl":null})"));
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_FALSE(h->ssl.has_value());
}

TEST(JsonMappingTest, RequestBodiesUseWireNames) {
  OrderCertificatePackRequest order{{"example.com", "*.example.com"}, "txt", 90, "google", true};
  EXPECT_EQ(Json::parse(ToJson(order).serialize()),
            Json::parse(R"({"type":"advanced","hosts":["example.com","*.example.com"],"validation_method":"txt","validity_days":90,"certificate_authority":"google","cloudflare_branding":true})"));
  EXPECT_EQ(ToJson(PatchCertificatePackRequest{}).serialize(), "{}");

  UploadMtlsCertificateRequest up{"PEM", true, "root", std::nullopt};
  EXPECT_EQ(ToJson(up), Json::parse(R"({"certificates":"PEM","ca":true,"name":"root"})"));
  up.private_key = Secret("KEY");
  EXPECT_EQ(ToJson(up).at("private_key").as_string(), "KEY");

  EXPECT_EQ(ToJson(PutHostnameAssociationsRequest{{"a.example.com"}, std::string(36, 'x')}),
            Json::parse(R"({"hostnames":["a.example.com"],"mtls_certificate_id":")" + std::string(36, 'x') + "\"}"));
  EXPECT_EQ(ToJson(CreateClientCertificateRequest{"CSR", 3650}), Json::parse(R"({"csr":"CSR","validity_days":3650})"));

  CreateCustomCsrRequest csr{"US", "MA", "Boston", "City", std::nullopt, "app.example.com", {"app.example.com"}, "p256v1"};
  EXPECT_EQ(ToJson(csr), Json::parse(R"({"country":"US","state":"MA","locality":"Boston","organization":"City","common_name":"app.example.com","sans":["app.example.com"],"key_type":"p256v1"})"));

  CreateCustomHostnameRequest ch;
  ch.hostname = "app.customer.com";
  ch.ssl.custom_csr_id = "7b16";
  ch.ssl.custom_certificate = "PEM";
  ch.ssl.min_tls_version = "1.2";
  EXPECT_EQ(ToJson(ch), Json::parse(R"({"hostname":"app.customer.com","ssl":{"custom_csr_id":"7b16","custom_certificate":"PEM","settings":{"min_tls_version":"1.2"}}})"));

  PatchCustomHostnameRequest patch;
  patch.custom_origin_server = "origin.example.com";
  EXPECT_EQ(ToJson(patch), Json::parse(R"({"custom_origin_server":"origin.example.com"})"));

  EXPECT_EQ(ToJson(AnalyzeCertificateRequest{"PEM", "force"}), Json::parse(R"({"certificate":"PEM","bundle_method":"force"})"));
  CreateCustomCertificateRequest cc{"PEM", Secret("K"), std::nullopt, "sni_custom"};
  EXPECT_EQ(ToJson(cc), Json::parse(R"({"certificate":"PEM","private_key":"K","type":"sni_custom"})"));
}

}  // namespace
}  // namespace edgecert::api
