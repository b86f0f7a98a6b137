// YamlScalar writes plain only what YAML reads back as the same string; YamlText writes documents in
// the examples' shape.
#include "importer/yaml_text.h"

#include <gtest/gtest.h>

namespace edgecert::importer {
namespace {

TEST(YamlScalarTest, PlainOnlyWhenUnambiguous) {
  EXPECT_EQ(YamlScalar("example.com"), "example.com");
  EXPECT_EQ(YamlScalar("lets_encrypt"), "lets_encrypt");
  EXPECT_EQ(YamlScalar("certs/ca.pem"), "certs/ca.pem");
  EXPECT_EQ(YamlScalar("*.example.com"), "\"*.example.com\"");
  EXPECT_EQ(YamlScalar("on"), "\"on\"");
  EXPECT_EQ(YamlScalar("No"), "\"No\"");
  EXPECT_EQ(YamlScalar("1.2"), "\"1.2\"");
  EXPECT_EQ(YamlScalar("365"), "\"365\"");
  EXPECT_EQ(YamlScalar(""), "\"\"");
  EXPECT_EQ(YamlScalar("Acme Shops: \"EU\""), "\"Acme Shops: \\\"EU\\\"\"");
  EXPECT_EQ(YamlScalar("a\nb"), "\"a\\nb\"");
}

TEST(YamlTextTest, WritesDocumentsLikeTheExamples) {
  YamlText yaml;
  yaml.Comment("header\nsecond line");
  yaml.BeginDocument("CertificatePack", "www-example-com");
  yaml.String(1, "zone", "example-com");
  yaml.List(1, "hosts", {"example.com", "*.example.com"});
  yaml.Int(1, "validityDays", 90);
  yaml.Bool(1, "cloudflareBranding", true);
  yaml.BeginDocument("CustomHostname", "shop");
  yaml.Open(1, "ssl");
  yaml.String(2, "method", "http", "a note");
  yaml.Map(1, "customMetadata", {{"customer", "acme"}});
  EXPECT_EQ(yaml.text(),
            "# header\n# second line\n"
            "apiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata:\n  name: www-example-com\nspec:\n"
            "  zone: example-com\n  hosts: [example.com, \"*.example.com\"]\n  validityDays: 90\n"
            "  cloudflareBranding: true\n"
            "---\napiVersion: edgecert.dev/v1\nkind: CustomHostname\nmetadata:\n  name: shop\nspec:\n"
            "  ssl:\n    method: http   # a note\n  customMetadata:\n    customer: acme\n");
}

}  // namespace
}  // namespace edgecert::importer
