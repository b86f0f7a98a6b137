// WriteFileAtomically / ReadFileIfExists: replace, mode, parent creation, nothing left behind.
#include "reconcile/state/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

namespace fs = std::filesystem;
constexpr auto k0644 = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read;

int Entries(const fs::path& dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    (void)entry;
    ++n;
  }
  return n;
}

TEST(AtomicFileTest, CreatesParentsWritesWithModeAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "a" / "b" / "cert.pem";
  ASSERT_TRUE(WriteFileAtomically(path, "first\n", k0644).ok());
  auto read = ReadFileIfExists(path);
  ASSERT_TRUE(read.ok());
  ASSERT_TRUE(read->has_value());
  EXPECT_EQ(**read, "first\n");
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, k0644);
  EXPECT_EQ(Entries(path.parent_path()), 1);
}

TEST(AtomicFileTest, ReplacesExistingContentWhole) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "csr.pem";
  ASSERT_TRUE(WriteFileAtomically(path, std::string(10000, 'x'), k0644).ok());
  ASSERT_TRUE(WriteFileAtomically(path, "short", k0644).ok());
  EXPECT_EQ(**ReadFileIfExists(path), "short");
  EXPECT_EQ(Entries(dir.path()), 1);
}

TEST(AtomicFileTest, MissingFileReadsAsNothingAndUnwritableDirectoryIsAnError) {
  testing::TempDir dir;
  auto missing = ReadFileIfExists(dir.path() / "nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  // A regular file where the parent directory should be: the write fails as a value, nothing thrown.
  ASSERT_TRUE(WriteFileAtomically(dir.path() / "file", "x", k0644).ok());
  Status status = WriteFileAtomically(dir.path() / "file" / "child.pem", "x", k0644);
  EXPECT_FALSE(status.ok());
}

}  // namespace
}  // namespace edgecert::reconcile
