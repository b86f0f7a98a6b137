// The records directory follows the status board: files appear while records are pending, change only
// when their content does, go once the object is active, and files edgecert did not write stay.
#include "dcv/records_directory.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "dcv/dcv_records.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::dcv {
namespace {

reconcile::ObjectStatus PendingPack(const std::string& name, const std::string& value) {
  reconcile::ObjectStatus s;
  s.key = {manifests::Kind::kCertificatePack, name};
  s.zone = "example-com";
  s.phase = reconcile::Phase::kProgressing;
  s.remote_status = "pending_validation";
  s.validation_records = {{"txt", "_acme-challenge." + name + ".example.com", value}};
  return s;
}

ino_t Inode(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

TEST(DnsRecordsDirectoryTest, FollowsPendingRecordsUntilActive) {
  testing::TempDir dir;
  const auto out = dir.path() / "dns";
  DnsRecordsDirectory records(out);
  std::ofstream(dir.path() / "placeholder");  // the parent exists; "dns" is created by Sync
  auto www = PendingPack("www", "token-1");
  auto api = PendingPack("api", "token-2");
  ASSERT_TRUE(records.Sync({www, api}).ok());
  EXPECT_TRUE(std::filesystem::exists(out / "certificatepack-www.yaml"));
  EXPECT_TRUE(std::filesystem::exists(out / "certificatepack-api.yaml"));
  ASSERT_TRUE(std::filesystem::exists(out / "example-com.zone"));

  const ino_t before = Inode(out / "certificatepack-www.yaml");
  ASSERT_TRUE(records.Sync({www, api}).ok());
  EXPECT_EQ(Inode(out / "certificatepack-www.yaml"), before);  // unchanged: not rewritten

  std::ofstream(out / "someone-else.yaml") << "kind: ConfigMap\n";
  www.remote_status = "active";
  www.phase = reconcile::Phase::kReady;
  ASSERT_TRUE(records.Sync({www, api}).ok());
  EXPECT_FALSE(std::filesystem::exists(out / "certificatepack-www.yaml"));
  EXPECT_TRUE(std::filesystem::exists(out / "certificatepack-api.yaml"));
  EXPECT_TRUE(std::filesystem::exists(out / "someone-else.yaml"));

  ASSERT_TRUE(records.Sync({www}).ok());  // api gone from the board (deleted)
  EXPECT_FALSE(std::filesystem::exists(out / "certificatepack-api.yaml"));
  EXPECT_FALSE(std::filesystem::exists(out / "example-com.zone"));
  EXPECT_TRUE(std::filesystem::exists(out / "someone-else.yaml"));
}

TEST(DnsRecordsDirectoryTest, NeverReplacesAFileItDidNotWrite) {
  testing::TempDir dir;
  std::ofstream(dir.path() / "certificatepack-www.yaml") << "mine\n";
  DnsRecordsDirectory records(dir.path());
  Status s = records.Sync({PendingPack("www", "t")});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("not written by edgecert"), std::string::npos);
  std::ifstream in(dir.path() / "certificatepack-www.yaml");
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "mine");
}

TEST(DnsRecordsDirectoryTest, AFreshProcessRemovesWhatAnEarlierOneLeft) {
  testing::TempDir dir;
  ASSERT_TRUE(DnsRecordsDirectory(dir.path()).Sync({PendingPack("www", "t")}).ok());
  ASSERT_TRUE(std::filesystem::exists(dir.path() / "certificatepack-www.yaml"));
  ASSERT_TRUE(DnsRecordsDirectory(dir.path()).Sync({}).ok());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "certificatepack-www.yaml"));
}

}  // namespace
}  // namespace edgecert::dcv
