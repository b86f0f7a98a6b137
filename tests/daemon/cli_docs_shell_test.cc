// The real program's completion scripts loaded by the real shells (bash, zsh, fish) and its man page
// rendered by groff and man: they parse, register and complete sub-commands, options and values.
#include <gmock/gmock.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>

#include "tests/fakes/child_process.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {
namespace {

using ::testing::HasSubstr;

struct Ran {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

Ran Shell(const std::string& command) {
  Ran ran;
  FILE* pipe = ::popen(("(" + command + ") 2>&1").c_str(), "r");
  if (pipe == nullptr) return ran;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) ran.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return ran;
}

bool Installed(const std::string& program) { return Shell("command -v " + program).exit_code == 0; }

class CliDocsShellTest : public ::testing::Test {
 protected:
  // Writes `edgecert ARGS` output to a file in the temp dir and returns its path.
  std::string Generate(const std::string& args, const std::string& file) {
    const std::string path = (dir_.path() / file).string();
    Ran ran = Shell(EdgecertBinary() + " " + args + " > " + path);
    EXPECT_EQ(ran.exit_code, 0) << ran.output;
    return path;
  }
  // A directory to complete in, holding "manifests/" and "main.yaml".
  std::string Workdir() {
    std::filesystem::create_directories(dir_.path() / "work" / "manifests");
    std::ofstream(dir_.path() / "work" / "main.yaml") << "x\n";
    return (dir_.path() / "work").string();
  }

  TempDir dir_;
};

// Runs the bash completion function as bash does for the words typed (the last one is being completed).
std::string BashComplete(const std::string& script, const std::string& cwd, const std::string& words) {
  Ran ran =
      Shell("cd " + cwd + " && bash --norc -c 'source " + script + "; COMP_WORDS=(" + words +
            "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); $(complete -p edgecert | sed \"s/.*-F \\([^ ]*\\) .*/\\1/\"); "
            "echo \"${COMPREPLY[*]}\"'");
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  return ran.output.substr(0, ran.output.find_last_not_of('\n') + 1);
}

TEST_F(CliDocsShellTest, BashScriptLoadsAndCompletes) {
  const std::string script = Generate("completion bash", "edgecert.bash");
  Ran syntax = Shell("bash -n " + script);
  EXPECT_EQ(syntax.exit_code, 0) << syntax.output;
  Ran registered = Shell("bash --norc -c 'source " + script + "; complete -p edgecert'");
  EXPECT_THAT(registered.output, HasSubstr("-F _edgecert edgecert"));

  const std::string cwd = Workdir();
  EXPECT_EQ(BashComplete(script, cwd, "edgecert pl"), "plan");
  EXPECT_EQ(BashComplete(script, cwd, "edgecert plan --output \"\""), "text json markdown");
  EXPECT_EQ(BashComplete(script, cwd, "edgecert plan --detailed"), "--detailed-exitcode");
  EXPECT_EQ(BashComplete(script, cwd, "edgecert run --log-level w"), "warn");
  EXPECT_EQ(BashComplete(script, cwd, "edgecert validate ma"), "manifests");  // a directory, not main.yaml
  EXPECT_EQ(BashComplete(script, cwd, "edgecert completion \"\""), "bash zsh fish");
  EXPECT_EQ(BashComplete(script, cwd, "edgecert --ver"), "--version");
}

TEST_F(CliDocsShellTest, BashOffersEveryCommandTheHelpLists) {
  const std::string script = Generate("completion bash", "edgecert.bash");
  const std::string offered = " " + BashComplete(script, Workdir(), "edgecert \"\"") + " ";
  Ran help = Shell(EdgecertBinary() + " --help");
  for (const char* command :
       {"validate", "plan", "apply", "run", "status", "emulator", "version", "completion", "man"}) {
    EXPECT_THAT(help.output, HasSubstr(std::string("  ") + command));
    EXPECT_THAT(offered, HasSubstr(std::string(" ") + command + " "));
  }
}

TEST_F(CliDocsShellTest, ZshScriptParsesAndRegisters) {
  ASSERT_TRUE(Installed("zsh")) << "zsh is missing: bash scripts/deps.sh installs it";
  const std::string script = Generate("completion zsh", "_edgecert");
  Ran syntax = Shell("zsh -n " + script);
  EXPECT_EQ(syntax.exit_code, 0) << syntax.output;
  Ran registered = Shell("HOME=" + dir_.path().string() + " zsh -f -c 'autoload -Uz compinit; compinit -u -D; source " +
                         script + "; print -r -- ${_comps[edgecert]}'");
  EXPECT_EQ(registered.exit_code, 0) << registered.output;
  EXPECT_EQ(registered.output, "_edgecert\n");
}

TEST_F(CliDocsShellTest, FishScriptParsesAndCompletes) {
  ASSERT_TRUE(Installed("fish")) << "fish is missing: bash scripts/deps.sh installs it";
  const std::string script = Generate("completion fish", "edgecert.fish");
  Ran syntax = Shell("fish -n " + script);
  EXPECT_EQ(syntax.exit_code, 0) << syntax.output;
  Ran ran = Shell("cd " + Workdir() + " && HOME=" + dir_.path().string() + " fish --no-config -c 'source " + script +
                  "; complete -C \"edgecert pl\"; complete -C \"edgecert plan --output \"; "
                  "complete -C \"edgecert validate ma\"'");
  EXPECT_EQ(ran.exit_code, 0) << ran.output;
  EXPECT_THAT(ran.output, HasSubstr("plan\tShow what apply would change"));
  EXPECT_THAT(ran.output, HasSubstr("markdown\tOutput format"));
  EXPECT_THAT(ran.output, HasSubstr("manifests/"));
  EXPECT_THAT(ran.output, ::testing::Not(HasSubstr("main.yaml")));
}

TEST_F(CliDocsShellTest, ManPageRendersWithoutWarnings) {
  const std::string page = Generate("man", "edgecert.1");
  Ran groff = Shell("groff -man -Tutf8 -ww -z " + page);
  EXPECT_EQ(groff.exit_code, 0);
  EXPECT_EQ(groff.output, "") << "groff warnings";
  Ran man = Shell("MANWIDTH=100 MANPAGER=cat man --warnings -l " + page + " 2>&1 >/dev/null");
  EXPECT_EQ(man.output, "") << "man warnings";
  Ran text = Shell("MANWIDTH=100 MANPAGER=cat man -l " + page);
  EXPECT_THAT(text.output, HasSubstr("EDGECERT(1)"));
  EXPECT_THAT(text.output, HasSubstr("edgecert plan [options] DIR"));
  EXPECT_THAT(text.output, HasSubstr("--detailed-exitcode"));
  EXPECT_THAT(text.output, HasSubstr("One of text, json, markdown."));
}

TEST_F(CliDocsShellTest, UnknownShellIsRefused) {
  Ran ran = Shell(EdgecertBinary() + " completion tcsh");
  EXPECT_NE(ran.exit_code, 0);
  EXPECT_THAT(ran.output, HasSubstr("tcsh"));
}

}  // namespace
}  // namespace edgecert::testing
