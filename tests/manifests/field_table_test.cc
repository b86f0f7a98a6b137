// The field tables are what the loader reads: each kind's decoder reads exactly its table's fields
// (FieldReader reports any drift as an internal error), and presence and allowed values come from them.
#include "manifests/field_table.h"

#include <gmock/gmock.h>

#include "tests/manifests/manifest_fixture.h"

namespace edgecert::manifests::testing {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

class FieldTableTest : public ManifestTest {};

TEST_F(FieldTableTest, OneTablePerKindInKindOrder) {
  for (int k = 0; k < kKindCount; ++k) {
    const KindSpec& spec = KindFields(static_cast<Kind>(k));
    EXPECT_EQ(spec.kind, static_cast<Kind>(k));
    EXPECT_FALSE(spec.description.empty());
    EXPECT_FALSE(spec.spec.empty());
    for (const FieldSpec& f : spec.spec) EXPECT_FALSE(f.description.empty()) << KindName(spec.kind) << " " << f.name;
  }
}

TEST_F(FieldTableTest, EveryDecoderReadsExactlyItsTable) {
  // An empty spec makes every decoder read every field it knows; none may be missing from, or extra to,
  // the table.
  std::string yaml;
  for (int k = 0; k < kKindCount; ++k) {
    yaml += "---\napiVersion: edgecert.dev/v1\nkind: " + std::string(KindName(static_cast<Kind>(k))) +
            "\nmetadata: {name: x}\nspec: {}\n";
  }
  dir_.Write("all.yaml", yaml);
  for (const std::string& error : LoadErrors()) EXPECT_THAT(error, Not(HasSubstr("internal error"))) << error;
}

TEST_F(FieldTableTest, RequiredFieldsAreTheTablesRequiredFields) {
  dir_.Write("pack.yaml", "apiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: p}\nspec: {}\n");
  std::vector<std::string> errors = LoadErrors();
  for (const FieldSpec& f : KindFields(Kind::kCertificatePack).spec) {
    const std::string missing = "spec." + f.name + ": required field is missing";
    bool reported = false;
    for (const std::string& e : errors) reported = reported || e.find(missing) != std::string::npos;
    EXPECT_EQ(reported, f.presence == Presence::kRequired) << f.name;
  }
}

TEST_F(FieldTableTest, EnumMessagesListTheTablesValues) {
  dir_.Write("pack.yaml",
             "apiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: p}\n"
             "spec: {zone: z, hosts: [a.com], certificateAuthority: x, validityDays: 90, validationMethod: txt}\n");
  const FieldSpec* ca = FindField(KindFields(Kind::kCertificatePack).spec, "certificateAuthority");
  ASSERT_NE(ca, nullptr);
  std::string allowed;
  for (const std::string& a : ca->allowed) allowed += (allowed.empty() ? "" : ", ") + a;
  EXPECT_THAT(LoadErrors(),
              Contains(HasSubstr("spec.certificateAuthority: \"x\" is not allowed; allowed: " + allowed)));
}

}  // namespace
}  // namespace edgecert::manifests::testing
