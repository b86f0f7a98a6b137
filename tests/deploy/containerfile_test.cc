// deploy/container/Containerfile, read as text (building the image is deploy/container/build.sh's job,
// too heavy for the test run): the three stages, a runtime stage that installs only the Debian package
// (no compiler, no headers), the non-root user the Kubernetes manifests run as, the program as the
// entrypoint, and a smoke stage that runs it on the examples.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "tests/deploy/tool_run.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Stage name -> its instructions (continuation lines joined).
std::map<std::string, std::string> Stages() {
  std::map<std::string, std::string> stages;
  std::istringstream in(ReadFile(SourceDir() / "deploy/container/Containerfile"));
  std::string line;
  std::string current;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("FROM ", 0) == 0) {
      const auto as = line.find(" AS ");
      current = as == std::string::npos ? "" : line.substr(as + 4);
    }
    stages[current] += line + "\n";
  }
  return stages;
}

TEST(ContainerfileTest, BuildRuntimeAndSmokeStages) {
  const auto stages = Stages();
  ASSERT_TRUE(stages.count("build") && stages.count("runtime") && stages.count("smoke"));
  EXPECT_THAT(stages.at("build"), HasSubstr("cpack -G DEB"));
  // No .git in the context: the commit and its date come in as build arguments.
  EXPECT_THAT(stages.at("build"), HasSubstr("ARG EDGECERT_GIT_COMMIT=unknown\n"));
  EXPECT_THAT(stages.at("build"), HasSubstr("ARG SOURCE_DATE_EPOCH=\n"));
  EXPECT_THAT(stages.at("smoke"), HasSubstr("FROM runtime AS smoke"));
  EXPECT_THAT(stages.at("smoke"), HasSubstr("edgecert version"));
  EXPECT_THAT(stages.at("smoke"), HasSubstr("edgecert validate"));
}

TEST(ContainerfileTest, RuntimeHasOnlyThePackageAndRunsAsTheKubernetesUser) {
  const std::string runtime = Stages().at("runtime");
  EXPECT_THAT(runtime, HasSubstr("--no-install-recommends ca-certificates /tmp/edgecert.deb"));
  EXPECT_THAT(runtime, Not(HasSubstr("-dev")));
  EXPECT_THAT(runtime, Not(HasSubstr("g++")));
  EXPECT_THAT(runtime, HasSubstr("USER 10001:10001\n"));
  EXPECT_THAT(runtime, HasSubstr(R"(ENTRYPOINT ["/usr/bin/edgecert"])"));
  // deploy/kubernetes/base/deployment.yaml runs the edgecert container as this user.
  EXPECT_THAT(ReadFile(SourceDir() / "deploy/kubernetes/base/deployment.yaml"),
              HasSubstr("runAsUser: 10001\n            runAsGroup: 10001"));
}

}  // namespace
}  // namespace edgecert::testing
