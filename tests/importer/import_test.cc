// Objects made by hand through the API (as a user with Terraform or the dashboard would) are imported:
// the tree loads, holds no private key, records every object as owned, plans clean, and is not
// overwritten unless forced.
#include <gtest/gtest.h>

#include <cstdlib>

#include "manifests/json_schema.h"
#include "tests/importer/import_fixture.h"
#include "tests/reconcile/kinds/kind_test_util.h"

namespace edgecert::testing {
namespace {

class HandMadeImportTest : public ImportTest {
 protected:
  void SetUp() override {
    const std::string zone = h_.ZoneId();
    api::OrderCertificatePackRequest pack;
    pack.hosts = {"example.com", "shop.example.com"};
    pack.validation_method = "txt";
    pack.validity_days = 90;
    pack.certificate_authority = "google";
    ASSERT_TRUE(h_.client().OrderCertificatePack(zone, pack).ok());

    api::UploadMtlsCertificateRequest ca;
    ca.certificates = TestCa(h_, "Partner CA").certificate_pem;
    ca.name = "Partner Devices CA";  // no valid metadata.name: matched by its certificate
    auto uploaded = h_.client().UploadMtlsCertificate(h_.AccountId(), ca);
    ASSERT_TRUE(uploaded.ok()) << uploaded.status().ToString();
    api::PutHostnameAssociationsRequest association;
    association.mtls_certificate_id = uploaded->id;
    association.hostnames = {"api.example.com", "mtls.example.com"};
    ASSERT_TRUE(h_.client().PutHostnameAssociations(zone, association).ok());

    api::CreateClientCertificateRequest client;
    client.csr = TestCsr("device-7.example.com");
    client.validity_days = 365;
    ASSERT_TRUE(h_.client().CreateClientCertificate(zone, client).ok());

    api::CreateCustomCsrRequest csr;
    csr.country = "US";
    csr.state = "MA";
    csr.locality = "Boston";
    csr.organization = "Acme";
    csr.common_name = "shop.customer.test";
    csr.sans = {"shop.customer.test"};
    csr.key_type = "p256v1";
    ASSERT_TRUE(h_.client().CreateCustomCsr(zone, csr).ok());

    api::CreateCustomHostnameRequest hostname;
    hostname.hostname = "shop.customer.test";
    hostname.ssl.method = "http";
    hostname.custom_metadata = {{"customer", "acme"}};
    ASSERT_TRUE(h_.client().CreateCustomHostname(zone, hostname).ok());
  }
};

TEST_F(HandMadeImportTest, ImportedTreeValidatesAndPlansClean) {
  auto tree = Import(out_.path(), h_.inventory());
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  for (manifests::Kind kind : manifests::AllKinds()) {
    EXPECT_GE(tree->objects_per_kind[kind], 1) << manifests::KindName(kind);
  }
  EXPECT_EQ(tree->owned.size(), 6u);  // the UniversalSSL settings, accounts and zones are not owned
  for (const auto& file : tree->files) {
    EXPECT_EQ(ReadText(out_.path() / file.path), file.content) << file.path;
    EXPECT_EQ(file.content.find("PRIVATE KEY"), std::string::npos) << file.path;
  }
  EXPECT_TRUE(std::filesystem::exists(out_.path() / "example.com/certificate-packs.yaml"));
  EXPECT_TRUE(std::filesystem::exists(out_.path() / "mtls/emulator-account/mtls-certificates.yaml"));

  auto desired = Load(out_.path());
  ASSERT_NE(desired, nullptr);
  EXPECT_EQ(desired->certificate_packs().size(), 1u);
  EXPECT_EQ(desired->certificate_packs().front().meta.name, "shop-example-com");
  EXPECT_EQ(desired->mtls_certificates().front().meta.name, "partner-devices-ca");
  for (const auto& owned : tree->owned) EXPECT_TRUE(h_.inventory().Find(owned.key)) << owned.key.ToString();

  h_.requests().Reset();
  reconcile::Plan plan = PlanOf(*desired, h_.inventory());
  EXPECT_TRUE(plan.errors.empty()) << Render(plan);
  EXPECT_FALSE(plan.HasChanges()) << Render(plan);
  EXPECT_EQ(plan.Count(reconcile::ChangeType::kAdopt), 0u) << Render(plan);
  EXPECT_EQ(h_.requests().Total(), h_.requests().CountMethod("GET"));
}

// Every manifest starts with the line manifests/examples carry, naming the schema by a path relative to
// its own directory; the tree ships that schema (what `edgecert schema` prints), and a real JSON Schema
// validator (python3-jsonschema, as for the examples) accepts every imported document.
TEST_F(HandMadeImportTest, ImportedManifestsNameTheSchemaTheTreeShips) {
  auto tree = Import(out_.path(), h_.inventory());
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  EXPECT_EQ(ReadText(out_.path() / "schema/edgecert.schema.json"), manifests::ManifestJsonSchema());
  const std::string prefix = "# yaml-language-server: $schema=";
  int manifests_seen = 0;
  for (const auto& file : tree->files) {
    if (!file.path.ends_with(".yaml")) continue;
    ++manifests_seen;
    const std::string first_line = file.content.substr(0, file.content.find('\n'));
    ASSERT_TRUE(first_line.starts_with(prefix)) << file.path << ": " << first_line;
    const std::string target = first_line.substr(prefix.size());
    EXPECT_TRUE(target.ends_with("schema/edgecert.schema.json")) << file.path << ": " << target;
    const auto resolved = (out_.path() / file.path).parent_path() / target;
    EXPECT_TRUE(std::filesystem::equivalent(resolved, out_.path() / "schema/edgecert.schema.json"))
        << file.path << " names " << target;
  }
  EXPECT_GE(manifests_seen, 8);
  EXPECT_NE(ReadText(out_.path() / "zones.yaml").find("$schema=schema/edgecert.schema.json"), std::string::npos);
  EXPECT_NE(ReadText(out_.path() / "example.com/certificate-packs.yaml").find("$schema=../schema/"), std::string::npos);
  ASSERT_NE(Load(out_.path()), nullptr);

  TempDir no_corpus;
  const std::string check = std::string("/usr/bin/python3 ") + EDGECERT_SOURCE_DIR_PATH +
                            "/tests/manifests/schema_check.py " +
                            (out_.path() / "schema/edgecert.schema.json").string() + " " + out_.path().string() + " " +
                            no_corpus.path().string() + " > /dev/null";
  EXPECT_EQ(std::system(check.c_str()), 0) << check;
}

TEST_F(HandMadeImportTest, ImportOnlyReads) {
  h_.requests().Reset();
  ASSERT_TRUE(Import(out_.path(), h_.inventory()).ok());
  EXPECT_GT(h_.requests().Total(), 0);
  EXPECT_EQ(h_.requests().Total(), h_.requests().CountMethod("GET"));
}

TEST_F(HandMadeImportTest, RefusesToOverwriteUnlessForced) {
  ASSERT_TRUE(Import(out_.path(), h_.inventory()).ok());
  const auto packs = out_.path() / "example.com/certificate-packs.yaml";
  std::ofstream(packs) << "# edited by hand\n";
  auto again = Import(out_.path(), h_.inventory());
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("--force"), std::string::npos) << again.status().message();
  EXPECT_EQ(ReadText(packs), "# edited by hand\n");
  auto forced = Import(out_.path(), h_.inventory(), true);
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_NE(ReadText(packs).find("kind: CertificatePack"), std::string::npos);
  EXPECT_EQ(forced->owned.size(), 6u);  // the same names again, not "-2" copies
  EXPECT_EQ(h_.inventory().Objects().size(), 6u);
}

TEST_F(HandMadeImportTest, LeafCertificateGetsAKeyReferenceAndANote) {
  auto ca = TestCa(h_, "Leaf Issuer");
  api::UploadMtlsCertificateRequest leaf;
  auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
  ASSERT_TRUE(key.ok());
  auto csr = crypto::CreateCsr(*key, Subject("client.example.com"), {"client.example.com"});
  ASSERT_TRUE(csr.ok());
  auto issued = crypto::SignCsr(
      ca, *csr, 77, std::chrono::time_point_cast<crypto::TimePoint::duration>(h_.clock().Now()) - std::chrono::hours(1),
      std::chrono::hours(24 * 365));
  ASSERT_TRUE(issued.ok()) << issued.status().ToString();
  leaf.certificates = *issued;
  leaf.ca = false;
  leaf.name = "edge-client";
  leaf.private_key = *key;
  ASSERT_TRUE(h_.client().UploadMtlsCertificate(h_.AccountId(), leaf).ok());

  auto tree = Import(out_.path(), h_.inventory());
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  const std::string yaml = ReadText(out_.path() / "mtls/emulator-account/mtls-certificates.yaml");
  EXPECT_NE(yaml.find("privateKey:\n    file: keys/edge-client.key"), std::string::npos) << yaml;
  ASSERT_EQ(tree->supply.size(), 1u);
  EXPECT_NE(tree->supply.front().find("keys/edge-client.key"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(out_.path() / "mtls/emulator-account/keys"));
  auto desired = Load(out_.path());  // a missing key file is fine offline
  ASSERT_NE(desired, nullptr);
  reconcile::Plan plan = PlanOf(*desired, h_.inventory());
  EXPECT_FALSE(plan.HasChanges()) << Render(plan);
}

}  // namespace
}  // namespace edgecert::testing
