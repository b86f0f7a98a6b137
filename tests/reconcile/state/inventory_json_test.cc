#include "reconcile/state/inventory_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(InventoryJsonTest, EmptyInventoryFormat) {
  std::string json = SerializeInventory({});
  EXPECT_EQ(json, "{\n  \"version\": 1,\n  \"objects\": [],\n  \"intents\": []\n}\n");
  auto parsed = ParseInventory(json);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->objects.empty());
}

TEST(InventoryJsonTest, OneRecordPerLine) {
  InventoryRecords records;
  OwnedObject o{{manifests::Kind::kCustomCsr, "shop"}, "csr-1", "zone-1", "fp", "", {}, {}};
  records.objects[o.key] = o;
  CreateIntent intent{{manifests::Kind::kCustomCsr, "blog"}, "zone-1", "", std::chrono::system_clock::time_point{}};
  records.intents[intent.key] = intent;
  std::string json = SerializeInventory(records);
  EXPECT_THAT(json, StartsWith("{\n  \"version\": 1,\n  \"objects\": [\n    {\"kind\":\"CustomCSR\",\"name\":\"shop\""));
  EXPECT_THAT(json, HasSubstr("\"created_at\":\"1970-01-01T00:00:00Z\""));
  auto parsed = ParseInventory(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, records);
}

TEST(InventoryJsonTest, KeepsTheManifestFileAndDeletionPolicy) {
  InventoryRecords records;
  OwnedObject o{{manifests::Kind::kCertificatePack, "www"}, "pack-1", "zone-1", "fp", "active", {}, {}};
  o.orphan = true;
  o.manifest_file = "example.com/packs.yaml";
  records.objects[o.key] = o;
  std::string json = SerializeInventory(records);
  EXPECT_THAT(json, HasSubstr("\"manifest_file\":\"example.com/packs.yaml\""));
  auto parsed = ParseInventory(json);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(*parsed, records);
  // Records written before the field existed read as "not known yet".
  auto older = ParseInventory(R"({"version":1,"objects":[{"kind":"Zone","name":"z","remote_id":"1"}]})");
  ASSERT_TRUE(older.ok()) << older.status().ToString();
  EXPECT_EQ(older->objects.begin()->second.manifest_file, "");
}

TEST(InventoryJsonTest, UnknownFieldsOfVersionOneAreIgnored) {
  auto parsed = ParseInventory(
      R"({"version":1,"note":"x","objects":[{"kind":"Zone","name":"z","remote_id":"1","extra":[1,2]}]})");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->objects.size(), 1u);
  EXPECT_TRUE(parsed->intents.empty());
}

TEST(InventoryJsonTest, MalformedRecordsAreErrorsNamingTheRecord) {
  struct Case {
    const char* json;
    const char* expected;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"objects":[]})", "no \"version\""},
           {R"({"version":"1"})", "not an integer"},
           {R"({"version":1.5})", "not an integer"},
           {R"({"version":0})", "invalid format version 0"},
           {R"({"version":99999999999})", "newer edgecert"},
           {R"({"version":1,"objects":{}})", "\"objects\" is not an array"},
           {R"({"version":1,"objects":[7]})", "objects[0] is not an object"},
           {R"({"version":1,"objects":[{"kind":"Zone","name":"z"}]})", "objects[0] has no \"remote_id\""},
           {R"({"version":1,"objects":[{"kind":"Zone","name":"","remote_id":"1"}]})", "\"name\" is empty"},
           {R"({"version":1,"objects":[{"kind":"Zone","name":"z","remote_id":1}]})", "\"remote_id\" is not a string"},
           {R"({"version":1,"objects":[{"kind":"Zone","name":"z","remote_id":"1"},{"kind":"Zone","name":"z","remote_id":"2"}]})",
            "Zone/z twice"},
           {R"({"version":1,"objects":[{"kind":"Zone","name":"z","remote_id":"1","validation_records":[{"type":3}]}]})",
            "objects[0].validation_records[0] \"type\" is not a string"},
           {R"({"version":1,"objects":[{"kind":"Zone","name":"z","remote_id":"1","superseded_remote_ids":[""]}]})",
            "superseded_remote_ids"},
           {R"({"version":1,"intents":[{"kind":"Zone","name":"z","created_at":"yesterday"}]})", "RFC 3339"},
           {R"({"version":1,"intents":[{"kind":"Zone","name":"z","created_at":"2026-01-01T00:00:00+02:00"}]})",
            "RFC 3339"},
           {R"({"version":1,"intents":[{"kind":"Zone","name":"z"}]})", "intents[0] has no \"created_at\""},
           {R"({"version":1,"intents":[{"kind":"Zone","name":"z","created_at":"2026-01-01T00:00:00Z"},{"kind":"Zone","name":"z","created_at":"2026-01-01T00:00:00Z"}]})",
            "two create intents"},
           {R"({"version":1,)", "not valid JSON"},
       }) {
    auto parsed = ParseInventory(c.json);
    ASSERT_FALSE(parsed.ok()) << c.json;
    EXPECT_EQ(parsed.status().code(), StatusCode::kFailedPrecondition) << c.json;
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.expected)) << c.json;
  }
}

}  // namespace
}  // namespace edgecert::reconcile
