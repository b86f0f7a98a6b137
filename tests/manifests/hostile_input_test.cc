// Hostile input is refused cleanly: a clear error located in the file, no crash, no hang.
#include <gmock/gmock.h>
#include <unistd.h>

#include "tests/manifests/manifest_fixture.h"
#include "tests/manifests/rule_test_util.h"

namespace edgecert::manifests::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class HostileInputTest : public ManifestTest {};

TEST_F(HostileInputTest, BinaryFile) {
  dir_.Write("blob.yaml", std::string("kind: Zone\n\x7f" "ELF\0\0\x01", 18));
  EXPECT_THAT(LoadErrors(), ElementsAre("blob.yaml:2:5: binary file (NUL byte); manifests must be UTF-8 text"));
}

TEST_F(HostileInputTest, InvalidUtf8) {
  dir_.Write("latin1.yaml", "metadata:\n  name: caf\xe9\n");
  EXPECT_THAT(LoadErrors(), ElementsAre("latin1.yaml:2:12: invalid UTF-8; manifests must be UTF-8 text"));
  dir_.Write("latin1.yaml", "# overlong slash \xc0\xaf\n");
  EXPECT_THAT(LoadErrors(), ElementsAre("latin1.yaml:1:18: invalid UTF-8; manifests must be UTF-8 text"));
}

TEST_F(HostileInputTest, ValidUtf8IsAccepted) {
  dir_.Write("base.yaml", kBase);
  dir_.Write("labels.yaml", Doc("Account", "other", "name: Café Ünïcödé 東京 🚀"));
  EXPECT_THAT(LoadErrors(), IsEmpty());
}

TEST_F(HostileInputTest, HugeFileIsRefusedBeforeReading) {
  max_file_bytes_ = 1024;
  dir_.Write("huge.yaml", "# " + std::string(2000, 'x') + "\n");
  EXPECT_THAT(LoadErrors(), ElementsAre("huge.yaml:0:0: file is 2003 bytes; manifest files are limited to 1024 bytes"));
}

TEST_F(HostileInputTest, DefaultCapIsFourMiB) {
  dir_.Write("huge.yaml", std::string(4 * 1024 * 1024 + 1, '#'));
  EXPECT_THAT(LoadErrors(), ElementsAre(HasSubstr("manifest files are limited to 4194304 bytes")));
}

TEST_F(HostileInputTest, DeepNesting) {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  dir_.Write("deep.yaml", "spec: " + deep + "\n");
  EXPECT_THAT(LoadErrors(), ElementsAre("deep.yaml:1:70: nesting deeper than 64 levels; refusing it"));
}

TEST_F(HostileInputTest, VeryDeepNestingDoesNotOverflowTheStack) {
  std::string deep(100000, '[');
  dir_.Write("deep.yaml", deep);
  auto errors = LoadErrors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("deep.yaml:1:"));
}

TEST_F(HostileInputTest, BillionLaughs) {
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  const char* names = "abcdefghij";
  for (int i = 1; i < 10; ++i) {
    std::string n(1, names[i]), p(1, names[i - 1]);
    bomb += n + ": &" + n + " [*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p +
            ",*" + p + "]\n";
  }
  dir_.Write("lol.yaml", bomb);
  auto errors = LoadErrors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("expands to more than 1000000 YAML nodes (alias expansion included)"));
}

TEST_F(HostileInputTest, SmallAliasesAreFine) {
  dir_.Write("base.yaml", kBase);
  dir_.Write("packs.yaml", Doc("CertificatePack", "p",
                               "zone: example-com\nhosts: &h [example.com, www.example.com]\n"
                               "certificateAuthority: google\nvalidityDays: 90\nvalidationMethod: txt\n"
                               "x-copy: *h"));
  EXPECT_THAT(LoadErrors(), ElementsAre("packs.yaml:12:3: CertificatePack/p: spec.x-copy: unknown field; allowed: "
                                        "zone, hosts, type, certificateAuthority, validityDays, validationMethod, "
                                          "cloudflareBranding, validationRecords, deletionPolicy, adoptionPolicy"));
}

TEST_F(HostileInputTest, AliasToAnchorOfAnotherDocument) {
  dir_.Write("a.yaml", "a: &x 1\n---\nb: *x\n");
  EXPECT_THAT(LoadErrors(), ::testing::Contains("a.yaml:3:4: YAML syntax error: the referenced anchor is not defined"));
}

TEST_F(HostileInputTest, SelfReferencingAlias) {
  dir_.Write("self.yaml", "a: &a [1, *a]\n");
  auto errors = LoadErrors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("self.yaml:1:"));
}

TEST_F(HostileInputTest, DirectorySymlinkLoop) {
  dir_.Write("zones/base.yaml", kBase);
  std::filesystem::create_directory_symlink("..", dir_.path() / "zones" / "up");
  std::filesystem::create_directory_symlink(dir_.path() / "zones", dir_.path() / "zones" / "self");
  EXPECT_THAT(LoadErrors(),
              ElementsAre(HasSubstr("zones/self:0:0: symlink loop: points back to its ancestor directory"),
                          HasSubstr("zones/up:0:0: symlink loop: points back to its ancestor directory")));
}

TEST_F(HostileInputTest, FileSymlinkCycle) {
  dir_.Write("base.yaml", kBase);
  std::filesystem::create_symlink("b.yaml", dir_.path() / "a.yaml");
  std::filesystem::create_symlink("a.yaml", dir_.path() / "b.yaml");
  EXPECT_THAT(LoadErrors(), ElementsAre(HasSubstr("a.yaml:0:0: broken symlink"), HasSubstr("b.yaml:0:0: broken symlink")));
}

TEST_F(HostileInputTest, UnreadableRoot) {
  auto load = ManifestLoader(clock_).Load(dir_.path() / "missing");
  ASSERT_FALSE(load.ok());
  EXPECT_THAT(load.errors[0].message, "not a readable directory");
}

TEST_F(HostileInputTest, SyntaxErrorIsLocated) {
  dir_.Write("broken.yaml", "kind: Zone\nmetadata: {name: [unclosed\n");
  auto errors = LoadErrors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("broken.yaml:3:1: YAML syntax error: "));
}

TEST_F(HostileInputTest, DuplicateKeyIsAnError) {
  dir_.Write("dup.yaml", "kind: Zone\nkind: Account\n");
  EXPECT_THAT(LoadErrors(), ElementsAre("dup.yaml:2:1: duplicate key \"kind\" (first at line 1)"));
}

TEST_F(HostileInputTest, ComplexKeyIsAnError) {
  dir_.Write("key.yaml", "? [a, b]\n: c\n");
  EXPECT_THAT(LoadErrors(), ElementsAre("key.yaml:1:3: map keys must be plain strings, not a list"));
}

}  // namespace
}  // namespace edgecert::manifests::testing
