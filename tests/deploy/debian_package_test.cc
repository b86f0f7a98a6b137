// The Debian package: `cpack -G DEB` on this build (the program already built, nothing recompiled)
// makes edgecert_<version>_<arch>.deb; `dpkg-deb -I` shows its name, version, architecture and the
// dependencies dpkg-shlibdeps found; `dpkg-deb -c` lists the program, the unit, the configuration under
// /etc/edgecert (conffiles) and the rules; the packaged program runs and validates the packaged examples.
#include <gtest/gtest.h>

#include <regex>

#include "tests/deploy/tool_run.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// `dpkg-deb --field DEB NAME`.
std::string Field(const std::filesystem::path& deb, const std::string& name) {
  return Trim(RunTool({"dpkg-deb", "--field", deb.string(), name}).output);
}

void CheckNameVersionArchitecture(const std::filesystem::path& deb) {
  const std::string arch = Trim(RunTool({"dpkg", "--print-architecture"}).output);
  EXPECT_EQ(deb.filename().string(), "edgecert_" EDGECERT_VERSION "_" + arch + ".deb");
  const auto info = RunTool({"dpkg-deb", "-I", deb.string()});
  EXPECT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find(" Package: edgecert\n"), std::string::npos) << info.output;
  EXPECT_EQ(Field(deb, "Version"), EDGECERT_VERSION);
  EXPECT_EQ(Field(deb, "Architecture"), arch);
  EXPECT_FALSE(Field(deb, "Maintainer").empty());
  EXPECT_FALSE(Field(deb, "Description").empty());
}

void CheckDependsOnLinkedLibraries(const std::filesystem::path& deb) {
  const std::string depends = Field(deb, "Depends");
  for (const std::string lib : {"libc6", "libstdc++6", "libssl3", "libcpprest", "libyaml-cpp", "libspdlog", "libfmt",
                                "libprometheus-cpp-core"}) {
    EXPECT_NE(depends.find(lib), std::string::npos) << lib << " missing from Depends: " << depends;
  }
  // dpkg-shlibdeps writes versioned dependencies: "libc6 (>= 2.34)".
  EXPECT_TRUE(std::regex_search(depends, std::regex(R"(libc6 \(>= [0-9.]+\))"))) << depends;
}

void CheckContents(const std::filesystem::path& deb) {
  const auto contents = RunTool({"dpkg-deb", "-c", deb.string()});
  EXPECT_EQ(contents.exit_code, 0) << contents.output;
  for (const std::string path :
       {"./usr/bin/edgecert", "./usr/lib/systemd/system/edgecert.service", "./etc/edgecert/edgecert.env",
        "./etc/edgecert/manifests/", "./usr/share/edgecert/prometheus/edgecert.rules.yml",
        "./usr/share/edgecert/grafana/edgecert.json", "./usr/share/doc/edgecert/examples/manifests/account.yaml",
        "./usr/share/doc/edgecert/deploy.md"}) {
    EXPECT_NE(contents.output.find(" " + path + "\n"), std::string::npos) << path << " not in:\n" << contents.output;
  }
  EXPECT_TRUE(std::regex_search(contents.output, std::regex(R"(-rwxr-xr-x root/root .* \./usr/bin/edgecert\n)")))
      << contents.output;

  TempDir control;
  EXPECT_EQ(RunTool({"dpkg-deb", "-e", deb.string(), control.path().string()}).exit_code, 0);
  EXPECT_NE(ReadFile(control.path() / "conffiles").find("/etc/edgecert/edgecert.env"), std::string::npos);
  for (const std::string script : {"postinst", "prerm", "postrm"}) {
    EXPECT_TRUE(std::filesystem::exists(control.path() / script)) << script;
  }
}

void CheckPackagedProgramRuns(const std::filesystem::path& deb) {
  TempDir root;
  EXPECT_EQ(RunTool({"dpkg-deb", "-x", deb.string(), root.path().string()}).exit_code, 0);
  const std::string program = (root.path() / "usr/bin/edgecert").string();
  const auto version = RunTool({program, "--version"});
  EXPECT_EQ(version.exit_code, 0) << version.output;
  EXPECT_NE(version.output.find(EDGECERT_VERSION), std::string::npos) << version.output;
  const auto validate =
      RunTool({program, "validate", (root.path() / "usr/share/doc/edgecert/examples/manifests").string()});
  EXPECT_EQ(validate.exit_code, 0) << validate.output;
  // The packaged man page and completions are what the packaged program prints.
  const auto page = RunTool({"gzip", "-dc", (root.path() / "usr/share/man/man1/edgecert.1.gz").string()});
  EXPECT_EQ(page.exit_code, 0) << page.output;
  EXPECT_EQ(page.output, RunTool({program, "man"}).output);
  EXPECT_NE(page.output.find(".TH"), std::string::npos) << page.output;
  EXPECT_EQ(ReadFile(root.path() / "usr/share/bash-completion/completions/edgecert"),
            RunTool({program, "completion", "bash"}).output);
  EXPECT_EQ(ReadFile(root.path() / "usr/share/zsh/vendor-completions/_edgecert"),
            RunTool({program, "completion", "zsh"}).output);
  EXPECT_EQ(ReadFile(root.path() / "usr/share/fish/vendor_completions.d/edgecert.fish"),
            RunTool({program, "completion", "fish"}).output);
  EXPECT_EQ(ReadFile(root.path() / "usr/lib/systemd/system/edgecert.service"),
            ReadFile(SourceDir() / "deploy/systemd/edgecert.service"));
}

// One test: building the package is the slow part, every check reads the same .deb.
TEST(DebianPackageTest, CpackBuildsAPackageHoldingWhatTheDocsSay) {
  TempDir out;
  const auto built = RunTool({"cpack", "-G", "DEB", "--config",
                              std::string(EDGECERT_BUILD_DIR_PATH) + "/CPackConfig.cmake", "-B", out.path().string()});
  ASSERT_EQ(built.exit_code, 0) << built.output;
  std::filesystem::path deb;
  for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
    if (entry.path().extension() == ".deb") deb = entry.path();
  }
  ASSERT_FALSE(deb.empty()) << "cpack made no .deb:\n" << built.output;
  {
    SCOPED_TRACE("name, version, architecture");
    CheckNameVersionArchitecture(deb);
  }
  {
    SCOPED_TRACE("Depends");
    CheckDependsOnLinkedLibraries(deb);
  }
  {
    SCOPED_TRACE("contents");
    CheckContents(deb);
  }
  {
    SCOPED_TRACE("the packaged program");
    CheckPackagedProgramRuns(deb);
  }
}

}  // namespace
}  // namespace edgecert::testing
