// `edgecert explain`'s text, from the field tables: kinds, a kind's fields, one field; unknown names get
// a "did you mean".
#include "manifests/field_explain.h"

#include <gmock/gmock.h>

#include "manifests/field_table.h"

namespace edgecert::manifests {
namespace {

using ::testing::HasSubstr;

std::string Explain(std::string_view path) {
  Result<std::string> text = ExplainManifest(path);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.ok() ? *text : "";
}

TEST(ExplainTest, NoArgumentListsEveryKind) {
  const std::string text = Explain("");
  for (int k = 0; k < kKindCount; ++k)
    EXPECT_THAT(text, HasSubstr("  " + std::string(KindName(static_cast<Kind>(k))) + "\n"));
}

TEST(ExplainTest, KindListsEveryFieldOfItsTable) {
  const std::string text = Explain("certificatepack");  // case-insensitive
  EXPECT_THAT(text, HasSubstr("KIND:     CertificatePack\n"));
  for (const FieldSpec& f : KindFields(Kind::kCertificatePack).spec) EXPECT_THAT(text, HasSubstr("  " + f.name + " "));
  EXPECT_THAT(text, HasSubstr("validityDays            <integer (enum)> -required-"));
  EXPECT_THAT(text, HasSubstr("one of: 14, 30, 90, 365"));
  EXPECT_THAT(text, HasSubstr("default: Delete"));
}

TEST(ExplainTest, FieldShowsTypeRequiredAllowedDefaultAndDescription) {
  const std::string text = Explain("ClientCertificate.renewBefore");
  EXPECT_THAT(text, HasSubstr("FIELD:    spec.renewBefore <duration>\nREQUIRED: no\nDEFAULT:  30d\n"));
  EXPECT_THAT(text, HasSubstr("DESCRIPTION:\n  Renew this long before expiry"));
  EXPECT_THAT(Explain("CertificatePack.spec.hosts"), HasSubstr("ITEMS:    1 to 50\n"));
  EXPECT_THAT(Explain("Zone.account"), HasSubstr("NAMES:    a Account (its metadata.name)\n"));
  EXPECT_THAT(Explain("Zone.metadata.name"), HasSubstr("FIELD:    metadata.name <string>\nREQUIRED: yes\n"));
}

TEST(ExplainTest, NestedFieldsAndTheirChildren) {
  EXPECT_THAT(Explain("CustomHostname.ssl"), HasSubstr("FIELDS:\n  method"));
  EXPECT_THAT(Explain("CustomHostname.ssl.settings.minTlsVersion"),
              HasSubstr("FIELD:    spec.ssl.settings.minTlsVersion <string (enum)>\nREQUIRED: no\nALLOWED:  1.0, 1.1, "
                        "1.2, 1.3\n"));
}

TEST(ExplainTest, UnknownNamesAreRefusedWithAHint) {
  Result<std::string> kind = ExplainManifest("Zon");
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(kind.status().message(), "unknown kind \"Zon\"; did you mean \"Zone\"?");
  Result<std::string> field = ExplainManifest("CertificatePack.hots");
  ASSERT_FALSE(field.ok());
  EXPECT_EQ(field.status().message(), "unknown field \"spec.hots\" of CertificatePack; did you mean \"hosts\"?");
  Result<std::string> below = ExplainManifest("Zone.name.x");
  ASSERT_FALSE(below.ok());
  EXPECT_THAT(below.status().message(), HasSubstr("\"spec.name\" has no fields below it"));
}

}  // namespace
}  // namespace edgecert::manifests
