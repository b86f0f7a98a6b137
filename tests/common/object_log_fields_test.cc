// The per-object log head: written by the controller, read back by the JSON log formatter.
#include "common/object_log_fields.h"

#include <gtest/gtest.h>

namespace edgecert {
namespace {

TEST(ObjectLogFieldsTest, TheHeadReadsBackIntoItsFields) {
  const ObjectLogFields written{"CertificatePack", "www-example-com", "example-com", "3f2a9c0e"};
  const std::string message = ObjectLogHead(written) + ": Ready (active)";
  EXPECT_EQ(message, "CertificatePack/www-example-com zone=example-com id=3f2a9c0e: Ready (active)");
  const auto read = ReadObjectLogHead(message);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->kind, "CertificatePack");
  EXPECT_EQ(read->name, "www-example-com");
  EXPECT_EQ(read->zone, "example-com");
  EXPECT_EQ(read->remote_id, "3f2a9c0e");
}

TEST(ObjectLogFieldsTest, UnknownZoneAndIdAreDashesAndReadBackEmpty) {
  const std::string head = ObjectLogHead({"MtlsCertificate", "partner-ca", "", ""});
  EXPECT_EQ(head, "MtlsCertificate/partner-ca zone=- id=-");
  const auto read = ReadObjectLogHead(head + ": failed: HTTP 400: id=7 zone=x");
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->zone, "");
  EXPECT_EQ(read->remote_id, "");
  const auto without_zone =
      ReadObjectLogHead(ObjectLogHeadWithoutZone({"CertificatePack", "old", "", "9b1c"}) + ": forgotten");
  ASSERT_TRUE(without_zone.has_value());
  EXPECT_EQ(without_zone->name, "old");
  EXPECT_EQ(without_zone->zone, "");
  EXPECT_EQ(without_zone->remote_id, "9b1c");
}

TEST(ObjectLogFieldsTest, OtherMessagesHaveNoFields) {
  for (const char* message :
       {"reloading the manifests", "edgecert run: manifests /srv/m, state /var/lib/edgecert",
        "prune held back: CertificatePack/x zone=a id=b", "CertificatePack/www: cannot forget",
        "certificatePack/www zone=a id=b: lowercase kind", "CertificatePack/www zone=a id=b extra",
        "CertificatePack/ zone=a id=b: no name", "CertificatePack/www zone= id=b: empty zone"}) {
    EXPECT_FALSE(ReadObjectLogHead(message).has_value()) << message;
  }
}

}  // namespace
}  // namespace edgecert
