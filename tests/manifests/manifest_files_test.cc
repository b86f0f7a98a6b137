// Finding manifest files: recursion, extensions, sorted order, symlinks followed, hidden entries skipped.
#include <gmock/gmock.h>

#include "manifests/manifest_files.h"
#include "tests/manifests/manifest_fixture.h"

namespace edgecert::manifests::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Relative(const TempDir& dir, const ManifestFileList& list) {
  std::vector<std::string> out;
  for (const ManifestFile& f : list.files) out.push_back(f.path.lexically_relative(dir.path()).string());
  return out;
}

TEST(ManifestFilesTest, RecursiveSortedYamlAndYmlOnly) {
  TempDir dir;
  dir.Write("b.yaml", "");
  dir.Write("a/z.yml", "");
  dir.Write("a/b/c.yaml", "");
  dir.Write("notes.txt", "");
  dir.Write("c.json", "");
  dir.Write(".git/config.yaml", "");
  dir.Write(".hidden.yaml", "");
  auto list = FindManifestFiles(dir.path());
  EXPECT_THAT(list.errors, IsEmpty());
  EXPECT_THAT(Relative(dir, list), ElementsAre("a/b/c.yaml", "a/z.yml", "b.yaml"));
}

TEST(ManifestFilesTest, FollowsSymlinksLikeGitSync) {
  TempDir dir;
  dir.Write("rev-1/zones.yaml", "");
  dir.Write("rev-1/packs/p.yaml", "");
  std::filesystem::create_directory_symlink("rev-1", dir.path() / "current");
  auto list = FindManifestFiles(dir.path() / "current");
  EXPECT_THAT(list.errors, IsEmpty());
  EXPECT_THAT(Relative(dir, list), ElementsAre("current/packs/p.yaml", "current/zones.yaml"));
}

TEST(ManifestFilesTest, DirectoryReachedTwiceIsReadOnce) {
  TempDir dir;
  dir.Write("shared/a.yaml", "");
  std::filesystem::create_directory_symlink("shared", dir.path() / "z-link");
  std::filesystem::create_symlink("shared/a.yaml", dir.path() / "link.yaml");
  auto list = FindManifestFiles(dir.path());
  EXPECT_THAT(list.errors, IsEmpty());
  // The first path in sorted order wins.
  EXPECT_THAT(Relative(dir, list), ElementsAre("link.yaml"));
}

}  // namespace
}  // namespace edgecert::manifests::testing
