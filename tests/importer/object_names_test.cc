// Names of imported objects: valid metadata.names, unique per kind, the inventory's kept.
#include "importer/object_names.h"

#include <gtest/gtest.h>

namespace edgecert::importer {
namespace {

TEST(SlugTest, MakesValidMetadataNames) {
  EXPECT_EQ(Slug("Partner Devices CA"), "partner-devices-ca");
  EXPECT_EQ(Slug("*.example.com"), "wildcard.example.com");
  EXPECT_EQ(Slug("--a__b.."), "a-b");
  EXPECT_EQ(Slug("ünï"), "n");
  EXPECT_EQ(Slug("!!!"), "");
}

TEST(PackNameTest, FirstHostBelowTheApex) {
  EXPECT_EQ(PackName({"example.com", "www.example.com"}, "example.com"), "www-example-com");
  EXPECT_EQ(PackName({"example.com", "*.example.com"}, "example.com"), "wildcard-example-com");
  EXPECT_EQ(PackName({"mtls.example.com", "EXAMPLE.com", "api.example.com"}, "example.com"), "api-example-com");
  EXPECT_EQ(PackName({"example.com"}, "example.com"), "example-com");
}

TEST(NameBookTest, UniquePerKindAndKeepsInventoryNames) {
  reconcile::OwnedObject owned;
  owned.key = {manifests::Kind::kCertificatePack, "www"};
  owned.remote_id = "pack-1";
  owned.scope_id = "zone-1";
  NameBook names({owned});
  EXPECT_EQ(names.Take(manifests::Kind::kCertificatePack, "zone-1", "pack-1", "www-example-com", ""), "www");
  EXPECT_EQ(names.Take(manifests::Kind::kCertificatePack, "zone-1", "pack-2", "www", ""),
            "www-2");  // "www" is pack-1's
  EXPECT_EQ(names.Take(manifests::Kind::kCertificatePack, "zone-1", "pack-3", "www", ""), "www-3");
  EXPECT_EQ(names.Take(manifests::Kind::kCustomCsr, "zone-1", "csr-1", "www", ""), "www");
  EXPECT_EQ(names.Take(manifests::Kind::kCustomCsr, "zone-1", "csr-2", "", "Shop CSR"), "shop-csr");
  EXPECT_EQ(names.Take(manifests::Kind::kCertificatePack, "zone-2", "pack-1", "", "other"), "other");  // other scope
}

}  // namespace
}  // namespace edgecert::importer
