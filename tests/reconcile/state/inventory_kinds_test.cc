// Kinds on disk: the inventory names kinds as manifests spell them. An inventory written before kinds
// were a type loads, and is written back byte for byte the same; a kind this edgecert does not know is
// an error naming the file, the record and the kind, never a crash.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "reconcile/state/file_state_store.h"
#include "reconcile/state/inventory_json.h"
#include "reconcile/state/records_change.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

namespace fs = std::filesystem;
using manifests::Kind;
using ::testing::HasSubstr;

// What edgecert wrote when ObjectKey::kind was a string: every owned kind, an intent and the deletion
// window, records sorted by kind name, then name.
constexpr char kOldInventory[] = R"({
  "version": 1,
  "objects": [
    {"kind":"CertificatePack","name":"www","remote_id":"pack-1","scope_id":"zone-1","spec_fingerprint":"f1","remote_status":"pending_validation","validation_records":[{"type":"txt","name":"_acme-challenge.www.example.com","value":"v1"}],"superseded_remote_ids":["pack-0"],"manifest_file":"example.com/packs.yaml"},
    {"kind":"ClientCertificate","name":"device","remote_id":"cc-1","scope_id":"zone-1","spec_fingerprint":"f2","remote_status":"active","validation_records":[],"superseded_remote_ids":[]},
    {"kind":"CustomCSR","name":"shop","remote_id":"csr-1","scope_id":"zone-1","spec_fingerprint":"f3","remote_status":"active","validation_records":[],"superseded_remote_ids":[],"deletion_policy":"Orphan"},
    {"kind":"CustomHostname","name":"shop","remote_id":"ch-1","scope_id":"zone-1","spec_fingerprint":"f4","remote_status":"active","validation_records":[],"superseded_remote_ids":[]},
    {"kind":"HostnameAssociation","name":"api","remote_id":"mtls-1","scope_id":"zone-1","spec_fingerprint":"f5","remote_status":"","validation_records":[],"superseded_remote_ids":[]},
    {"kind":"MTLSCertificate","name":"partner-ca","remote_id":"mtls-1","scope_id":"account-1","spec_fingerprint":"f6","remote_status":"active","validation_records":[],"superseded_remote_ids":[]}
  ],
  "intents": [
    {"kind":"CertificatePack","name":"api","scope_id":"zone-1","match_key":"api.example.com","created_at":"2026-01-02T03:04:05Z"}
  ],
  "deletions": [1767225600]
}
)";

class InventoryKindsTest : public ::testing::Test {
 protected:
  fs::path dir() const { return tmp_.path() / "state"; }
  fs::path snapshot() const { return dir() / "inventory.json"; }

  void Write(const fs::path& path, const std::string& text) {
    fs::create_directories(dir());
    fs::permissions(dir(), fs::perms::owner_all);
    std::ofstream(path, std::ios::binary) << text;
  }
  Result<InventoryRecords> Load() {
    auto store = FileStateStore::OpenReadOnly(dir());
    if (!store.ok()) return store.status();
    return (*store)->LoadRecords();
  }

  edgecert::testing::TempDir tmp_;
};

TEST_F(InventoryKindsTest, AnInventoryWrittenWithStringKindsLoadsAndIsWrittenBackUnchanged) {
  Write(snapshot(), kOldInventory);
  auto records = Load();
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_EQ(records->objects.size(), 6u);
  EXPECT_EQ(records->objects.at({Kind::kCertificatePack, "www"}).remote_id, "pack-1");
  EXPECT_EQ(records->objects.at({Kind::kMtlsCertificate, "partner-ca"}).scope_id, "account-1");
  EXPECT_EQ(records->objects.at({Kind::kHostnameAssociation, "api"}).remote_id, "mtls-1");
  EXPECT_EQ(records->objects.at({Kind::kClientCertificate, "device"}).remote_id, "cc-1");
  EXPECT_EQ(records->objects.at({Kind::kCustomHostname, "shop"}).remote_id, "ch-1");
  EXPECT_TRUE(records->objects.at({Kind::kCustomCsr, "shop"}).orphan);
  ASSERT_EQ(records->intents.size(), 1u);
  EXPECT_EQ(records->intents.begin()->first, (ObjectKey{Kind::kCertificatePack, "api"}));
  // Same records, same order, same spelling: the file format did not change.
  EXPECT_EQ(SerializeInventory(*records), kOldInventory);
}

TEST_F(InventoryKindsTest, AnUnknownKindInTheSnapshotIsAnErrorNamingFileRecordAndKind) {
  Write(snapshot(), R"({"version":1,"objects":[{"kind":"CertificatePack","name":"a","remote_id":"1"},)"
                    R"({"kind":"CertificateBundle","name":"b","remote_id":"2"}]})");
  auto records = Load();
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(records.status().message(), HasSubstr(snapshot().string()));
  EXPECT_THAT(records.status().message(), HasSubstr("objects[1] has unknown kind \"CertificateBundle\""));
  EXPECT_THAT(records.status().message(), HasSubstr("MTLSCertificate"));  // the kinds it knows
}

TEST_F(InventoryKindsTest, AnUnknownKindInAnIntentOrAJournalLineIsAnError) {
  Write(snapshot(),
        R"({"version":1,"intents":[{"kind":"Certificatepack","name":"a","created_at":"2026-01-01T00:00:00Z"}]})");
  auto records = Load();
  ASSERT_FALSE(records.ok());
  EXPECT_THAT(records.status().message(), HasSubstr("intents[0] has unknown kind \"Certificatepack\""));

  auto removed = ParseChange(R"({"removed_objects":[{"kind":"Pack","name":"a"}]})", "journal:3");
  ASSERT_FALSE(removed.ok());
  EXPECT_THAT(removed.status().message(), HasSubstr("journal:3"));
  EXPECT_THAT(removed.status().message(), HasSubstr("unknown kind \"Pack\""));
}

TEST(ObjectKeyTest, PrintsAndOrdersByKindName) {
  EXPECT_EQ((ObjectKey{Kind::kCertificatePack, "www"}).ToString(), "CertificatePack/www");
  EXPECT_EQ((ObjectKey{Kind::kMtlsCertificate, "ca"}).ToString(), "MTLSCertificate/ca");
  // The enum puts UniversalSSL last and Zone second; the name order puts Zone last.
  EXPECT_LT((ObjectKey{Kind::kCustomCsr, "z"}), (ObjectKey{Kind::kCustomHostname, "a"}));
  EXPECT_LT((ObjectKey{Kind::kUniversalSsl, "a"}), (ObjectKey{Kind::kZone, "a"}));
  EXPECT_LT((ObjectKey{Kind::kCertificatePack, "a"}), (ObjectKey{Kind::kCertificatePack, "b"}));
  EXPECT_EQ((ObjectKey{Kind::kZone, "a"}), (ObjectKey{Kind::kZone, "a"}));
  EXPECT_NE((ObjectKey{Kind::kZone, "a"}), (ObjectKey{Kind::kAccount, "a"}));
}

}  // namespace
}  // namespace edgecert::reconcile
