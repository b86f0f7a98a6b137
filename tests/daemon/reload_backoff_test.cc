// ReloadBackoff: which failed loads are retried on their own, and after how long.
#include "daemon/reload_backoff.h"

#include <gtest/gtest.h>

#include <cerrno>

namespace edgecert::daemon::testing {
namespace {

using std::chrono::seconds;

manifests::ManifestLoad Failed(int system_error, std::string message = "cannot read file") {
  manifests::ManifestLoad load;
  load.errors.push_back(manifests::Diagnostic{{"m.yaml", 0, 0}, "", "", std::move(message), system_error});
  return load;
}

manifests::ManifestLoad Good() {
  manifests::ManifestLoad load;
  load.state = std::make_shared<manifests::DesiredState>(manifests::DesiredObjects{});
  return load;
}

TEST(ReloadBackoffTest, TransientFailuresAreRetriedWithGrowingWaitsUntilALoadSucceeds) {
  ReloadBackoff backoff(seconds(1), seconds(5));
  EXPECT_EQ(backoff.After(Failed(EMFILE)), seconds(1));
  EXPECT_EQ(backoff.After(Failed(EIO)), seconds(2));
  EXPECT_EQ(backoff.After(Failed(ENFILE)), seconds(4));
  EXPECT_EQ(backoff.After(Failed(ENOMEM)), seconds(5));
  EXPECT_EQ(backoff.After(Failed(EMFILE)), seconds(5));
  EXPECT_EQ(backoff.After(Good()), std::nullopt);
  EXPECT_EQ(backoff.After(Failed(EMFILE)), seconds(1));  // a new run of failures starts over
}

TEST(ReloadBackoffTest, ContentErrorsAndPermanentOsErrorsWaitForTheNextChange) {
  ReloadBackoff backoff;
  EXPECT_EQ(backoff.After(Failed(0, "spec.hosts: required")), std::nullopt);
  EXPECT_EQ(backoff.After(Failed(EACCES)), std::nullopt);
  EXPECT_EQ(backoff.After(Failed(ENOENT)), std::nullopt);
  // One transient error among content errors is enough: the load may pass once it reads.
  manifests::ManifestLoad mixed = Failed(0, "spec.hosts: required");
  mixed.errors.push_back(Failed(EMFILE).errors.front());
  EXPECT_EQ(backoff.After(mixed), seconds(1));
}

}  // namespace
}  // namespace edgecert::daemon::testing
