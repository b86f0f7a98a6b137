// The operator's one-shot approval of held-back deletions: granted once, taken once.
#include "daemon/deletion_approval.h"

#include <gtest/gtest.h>

#include "tests/reconcile/temp_dir.h"

namespace edgecert::daemon {
namespace {

TEST(DeletionApprovalTest, AGrantIsTakenExactlyOnce) {
  edgecert::testing::TempDir dir;
  const DeletionApproval approval(dir.path() / "state");
  EXPECT_FALSE(approval.Take());  // nothing granted
  ASSERT_TRUE(approval.Grant().ok());
  EXPECT_TRUE(std::filesystem::exists(approval.file()));
  EXPECT_TRUE(approval.Take());
  EXPECT_FALSE(approval.Take());  // used up
  EXPECT_FALSE(std::filesystem::exists(approval.file()));
}

}  // namespace
}  // namespace edgecert::daemon
