// The state dir's writer lock: one holder at a time, a refusal that names the holder, released when the
// holder goes (also when it is killed), and a read-only store that reads beside a writer.
#include "reconcile/state/state_lock.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "reconcile/state/file_state_store.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

using ::testing::HasSubstr;
using edgecert::testing::TempDir;

TEST(StateLockTest, ASecondHolderIsRefusedNamingTheHolderAndTheWayOut) {
  TempDir tmp;
  auto first = StateLock::Acquire(tmp.path(), "edgecert run manifests");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto second = StateLock::Acquire(tmp.path(), "edgecert apply manifests");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(second.status().message(), HasSubstr("state dir " + tmp.path().string() + " is locked by PID " +
                                                   std::to_string(::getpid()) + " (edgecert run manifests)"));
  EXPECT_THAT(second.status().message(), HasSubstr("Stop that process first"));
  EXPECT_THAT(second.status().message(), HasSubstr("`edgecert plan` only reads"));

  first->reset();
  auto third = StateLock::Acquire(tmp.path(), "edgecert apply manifests");
  EXPECT_TRUE(third.ok()) << third.status().ToString();
}

TEST(StateLockTest, AKilledHolderLeavesNoStaleLock) {
  TempDir tmp;
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto lock = StateLock::Acquire(tmp.path(), "edgecert run elsewhere");
    const char byte = lock.ok() ? '1' : '0';
    (void)!::write(ready[1], &byte, 1);
    ::pause();  // holds the lock until killed
    ::_exit(0);
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  ASSERT_EQ(byte, '1');

  auto refused = StateLock::Acquire(tmp.path(), "edgecert apply");
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(), HasSubstr("PID " + std::to_string(child) + " (edgecert run elsewhere)"));

  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  auto after = StateLock::Acquire(tmp.path(), "edgecert apply");
  EXPECT_TRUE(after.ok()) << after.status().ToString();
}

TEST(StateLockTest, LockedStoreRefusesASecondWriterAndAReaderStillReads) {
  TempDir tmp;
  auto writer = FileStateStore::OpenLocked(tmp.path() / "state", "edgecert run m");
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  ASSERT_TRUE((*writer)->Write("{\"v\":1}").ok());

  auto second = FileStateStore::OpenLocked(tmp.path() / "state", "edgecert apply m");
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("is locked by PID"));

  auto reader = FileStateStore::OpenReadOnly(tmp.path() / "state");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto bytes = (*reader)->Read();
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->value_or(""), "{\"v\":1}");
  Status write = (*reader)->Write("{}");
  EXPECT_EQ(write.code(), StatusCode::kFailedPrecondition);
}

TEST(StateLockTest, ReadOnlyStoreOfAMissingDirReadsNothingAndCreatesNothing) {
  TempDir tmp;
  auto reader = FileStateStore::OpenReadOnly(tmp.path() / "absent");
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto bytes = (*reader)->Read();
  ASSERT_TRUE(bytes.ok());
  EXPECT_FALSE(bytes->has_value());
  EXPECT_FALSE(std::filesystem::exists(tmp.path() / "absent"));
}

TEST(StateLockTest, ReadOnlyOpenLeavesAWritersTemporaryFileAlone) {
  TempDir tmp;
  const auto in_progress = tmp.path() / ".inventory.json.tmp-abc123";
  { std::ofstream(in_progress) << "half"; }
  auto reader = FileStateStore::OpenReadOnly(tmp.path());
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(std::filesystem::exists(in_progress));
}

}  // namespace
}  // namespace edgecert::reconcile
