#include "reconcile/state/file_state_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using edgecert::testing::TempDir;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

mode_t ModeOf(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

std::vector<std::string> Entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

std::unique_ptr<FileStateStore> MustOpen(const fs::path& dir) {
  auto store = FileStateStore::Open(dir);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(FileStateStoreTest, MissingFileReadsAsNothing) {
  TempDir tmp;
  auto store = MustOpen(tmp.path());
  ASSERT_TRUE(store);
  auto bytes = store->Read();
  ASSERT_TRUE(bytes.ok());
  EXPECT_FALSE(bytes->has_value());
  EXPECT_EQ(store->Describe(), (tmp.path() / "inventory.json").string());
}

TEST(FileStateStoreTest, WriteThenReadAndOverwrite) {
  TempDir tmp;
  auto store = MustOpen(tmp.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write("first").ok());
  ASSERT_TRUE(store->Write(std::string("sec\0ond", 7)).ok());
  auto bytes = store->Read();
  ASSERT_TRUE(bytes.ok() && bytes->has_value());
  EXPECT_EQ(**bytes, std::string("sec\0ond", 7));
  EXPECT_EQ(Entries(tmp.path()), std::vector<std::string>{"inventory.json"}) << "no temporary file left";
}

TEST(FileStateStoreTest, FileIsMode0600WhateverTheUmask) {
  TempDir tmp;
  mode_t old_umask = ::umask(0);
  auto store = MustOpen(tmp.path());
  Status written = store ? store->Write("x") : Internal("no store");
  ::umask(old_umask);
  ASSERT_TRUE(written.ok());
  EXPECT_EQ(ModeOf(tmp.path() / "inventory.json"), 0600u);
}

TEST(FileStateStoreTest, CreatesMissingStateDirectoryWith0700) {
  TempDir tmp;
  fs::path dir = tmp.path() / "var" / "lib" / "edgecert";
  auto store = MustOpen(dir);
  ASSERT_TRUE(store);
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_EQ(ModeOf(dir), 0700u);
  EXPECT_TRUE(store->Write("x").ok());
}

TEST(FileStateStoreTest, RefusesWorldWritableStateDirectory) {
  TempDir tmp;
  ASSERT_EQ(::chmod(tmp.path().c_str(), 0777), 0);
  auto store = FileStateStore::Open(tmp.path());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("world-writable"));
}

TEST(FileStateStoreTest, RefusesSymlinkedStateFile) {
  TempDir tmp;
  fs::path elsewhere = tmp.path() / "elsewhere.json";
  std::ofstream(elsewhere) << "precious";
  fs::create_directory(tmp.path() / "state");
  fs::create_symlink(elsewhere, tmp.path() / "state" / "inventory.json");
  auto store = FileStateStore::Open(tmp.path() / "state");
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().message(), HasSubstr("symlink"));
}

TEST(FileStateStoreTest, RefusesSymlinkPlantedAfterOpen) {
  TempDir tmp;
  auto store = MustOpen(tmp.path());
  ASSERT_TRUE(store);
  fs::path elsewhere = tmp.path() / "elsewhere.json";
  std::ofstream(elsewhere) << "precious";
  fs::create_symlink(elsewhere, tmp.path() / "inventory.json");
  auto read = store->Read();
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("symlink"));
  Status write = store->Write("overwrite");
  ASSERT_FALSE(write.ok());
  EXPECT_THAT(write.message(), HasSubstr("symlink"));
  EXPECT_EQ(Slurp(elsewhere), "precious");
  EXPECT_TRUE(fs::is_symlink(tmp.path() / "inventory.json"));
}

TEST(FileStateStoreTest, StateDirectoryUnderAFileIsAnErrorNamingThePath) {
  TempDir tmp;
  std::ofstream(tmp.path() / "plain-file") << "x";
  fs::path dir = tmp.path() / "plain-file" / "state";
  auto store = FileStateStore::Open(dir);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr(dir.string()));

  auto file_as_dir = FileStateStore::Open(tmp.path() / "plain-file");
  ASSERT_FALSE(file_as_dir.ok());
  EXPECT_THAT(file_as_dir.status().message(), HasSubstr("not a directory"));
}

TEST(FileStateStoreTest, RefusesBadFileNames) {
  TempDir tmp;
  EXPECT_FALSE(FileStateStore::Open(tmp.path(), "").ok());
  EXPECT_FALSE(FileStateStore::Open(tmp.path(), "../escape.json").ok());
  EXPECT_FALSE(FileStateStore::Open(tmp.path(), "..").ok());
}

// Tests run as root, so permissions cannot make a write fail; a file size limit can, mid-write,
// after the temporary file exists: exactly the crash window the rename protects.
TEST(FileStateStoreTest, FailedWriteLeavesOldFileIntact) {
  TempDir tmp;
  auto store = MustOpen(tmp.path());
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Write("the old state").ok());

  struct rlimit old_limit {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  struct rlimit small = old_limit;
  small.rlim_cur = 1024;
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of being killed
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  Status status = store->Write(std::string(64 * 1024, 'n'));
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr(tmp.path().string()));
  EXPECT_EQ(Slurp(tmp.path() / "inventory.json"), "the old state");
  EXPECT_EQ(Entries(tmp.path()), std::vector<std::string>{"inventory.json"}) << "temporary file removed";
  ASSERT_TRUE(store->Write("recovered").ok());
  EXPECT_EQ(Slurp(tmp.path() / "inventory.json"), "recovered");
}

TEST(FileStateStoreTest, OpenRemovesTemporaryFilesLeftByACrash) {
  TempDir tmp;
  {
    auto store = MustOpen(tmp.path());
    ASSERT_TRUE(store && store->Write("state").ok());
  }
  std::ofstream(tmp.path() / ".inventory.json.tmp-abc123") << "half writ";
  std::ofstream(tmp.path() / "unrelated.txt") << "keep me";
  auto store = MustOpen(tmp.path());
  ASSERT_TRUE(store);
  EXPECT_EQ(Entries(tmp.path()), (std::vector<std::string>{"inventory.json", "unrelated.txt"}));
  auto bytes = store->Read();
  ASSERT_TRUE(bytes.ok() && bytes->has_value());
  EXPECT_EQ(**bytes, "state");
}

TEST(FileStateStoreTest, OversizedFileIsRefused) {
  TempDir tmp;
  auto store = MustOpen(tmp.path());
  ASSERT_TRUE(store);
  // Sparse: no disk space needed.
  fs::path path = tmp.path() / "inventory.json";
  std::ofstream(path) << "x";
  fs::resize_file(path, FileStateStore::kMaxStateBytes + 1);
  auto bytes = store->Read();
  ASSERT_FALSE(bytes.ok());
  EXPECT_THAT(bytes.status().message(), HasSubstr("larger than"));
}

TEST(FileStateStoreTest, ConcurrentWritersNeverTearTheFile) {
  TempDir tmp;
  auto store = MustOpen(tmp.path());
  ASSERT_TRUE(store);
  std::set<std::string> written;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    std::string payload(10000 + t, static_cast<char>('a' + t));
    written.insert(payload);
    threads.emplace_back([&store, payload] {
      for (int i = 0; i < 20; ++i) EXPECT_TRUE(store->Write(payload).ok());
    });
  }
  std::thread reader([&store, &written] {
    for (int i = 0; i < 50; ++i) {
      auto bytes = store->Read();
      ASSERT_TRUE(bytes.ok());
      if (bytes->has_value()) {
        EXPECT_TRUE(written.count(**bytes)) << "a torn or mixed state was read";
      }
    }
  });
  for (auto& thread : threads) thread.join();
  reader.join();
  auto final_bytes = store->Read();
  ASSERT_TRUE(final_bytes.ok() && final_bytes->has_value());
  EXPECT_TRUE(written.count(**final_bytes));
  EXPECT_EQ(Entries(tmp.path()).size(), 1u);
}

}  // namespace
}  // namespace edgecert::reconcile
