// The snapshot hash: stable across formatting, document order and file layout; changed by any value.
#include <gmock/gmock.h>

#include "tests/manifests/manifest_fixture.h"
#include "tests/manifests/rule_test_util.h"

namespace edgecert::manifests::testing {
namespace {

class DesiredStateTest : public ManifestTest {
 protected:
  std::string HashOf(const std::map<std::string, std::string>& files) {
    TempDir dir;
    for (const auto& [name, content] : files) dir.Write(name, content);
    auto load = ManifestLoader(clock_).Load(dir.path());
    EXPECT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors[0].Format());
    return load.ok() ? load.state->hash() : "";
  }
};

const std::string kPack = Pack("p", "[example.com, www.example.com]");

TEST_F(DesiredStateTest, HashIgnoresFormattingOrderAndLayout) {
  std::string base = HashOf({{"all.yaml", std::string(kBase) + kPack}});
  EXPECT_EQ(base.size(), 64u);
  // Flow style, other key order, comments, explicit defaults, reordered hosts, split across files.
  std::string reformatted =
      "# packs\n---\nspec: {validationMethod: txt, validityDays: 90, certificateAuthority: google,\n"
      "  hosts: [www.example.com, example.com], zone: example-com, cloudflareBranding: false,\n"
      "  deletionPolicy: Delete, type: advanced}\nmetadata: {name: p}\nkind: CertificatePack\n"
      "apiVersion: edgecert.dev/v1\n";
  EXPECT_EQ(HashOf({{"z/packs.yaml", reformatted}, {"a/base.yml", kBase}}), base);
}

TEST_F(DesiredStateTest, HashChangesWithAnyValue) {
  std::string base = HashOf({{"all.yaml", std::string(kBase) + kPack}});
  EXPECT_NE(HashOf({{"all.yaml", std::string(kBase) + Pack("p", "[example.com]")}}), base);
  EXPECT_NE(HashOf({{"all.yaml", std::string(kBase) + Pack("p", "[example.com, www.example.com]",
                                                          "cloudflareBranding: true")}}),
            base);
  EXPECT_NE(HashOf({{"all.yaml", std::string(kBase) + Pack("q", "[example.com, www.example.com]")}}), base);
  std::string labelled = kPack;
  labelled.replace(labelled.find("  name: p\n"), 10, "  name: p\n  labels: {team: a}\n");
  EXPECT_NE(HashOf({{"all.yaml", std::string(kBase) + labelled}}), base);
}

TEST_F(DesiredStateTest, ObjectsSortedAndFound) {
  TempDir dir;
  dir.Write("all.yaml", std::string(kBase) + Pack("b", "[example.com]") + Pack("a", "[example.com]"));
  auto load = ManifestLoader(clock_).Load(dir.path());
  ASSERT_TRUE(load.ok());
  const DesiredState& s = *load.state;
  EXPECT_THAT(s.NamesOf(Kind::kCertificatePack), ::testing::ElementsAre("a", "b"));
  EXPECT_EQ(s.size(), 4u);
  ASSERT_NE(s.FindZone("example-com"), nullptr);
  EXPECT_EQ(s.FindZone("example-com")->apex, "example.com");
  EXPECT_EQ(s.FindZone("nope"), nullptr);
  const CertificatePack& pack = s.certificate_packs()[0];
  // kBase is 9 lines, pack "b" 11 more, then pack "a"'s "---" and its first key.
  EXPECT_EQ(pack.meta.location.line, 22);
  EXPECT_EQ(pack.meta.At("spec.validityDays").line, 30);
  EXPECT_EQ(pack.validity_days, 90);
  EXPECT_FALSE(pack.cloudflare_branding);
  EXPECT_EQ(pack.deletion_policy, DeletionPolicy::kDelete);
}

}  // namespace
}  // namespace edgecert::manifests::testing
