// DescribeCli, the completion scripts and the man page built from a small CLI11 app of the same shape
// as edgecert's (sub-commands, flags, options with choices and defaults, a "DIR,--manifests" positional).
#include <gmock/gmock.h>

#include "daemon/cli_docs/cli_model.h"
#include "daemon/cli_docs/completion_script.h"
#include "daemon/cli_docs/man_page.h"

namespace edgecert::daemon::cli_docs {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class CliDocsTest : public ::testing::Test {
 protected:
  CliDocsTest() {
    app_.set_version_flag("--version", "tool 1");
    auto* plan = app_.add_subcommand("plan", "Show what would change");
    plan->footer("A longer note.\n.dot at the start of a line");
    plan->add_option("DIR", dir_, "Directory of manifests")->required();
    plan->add_option("-o,--output", output_, "Output format")->check(CLI::IsMember({"text", "json"}));
    plan->add_flag("--detailed-exitcode", flag_, "Exit 2 when something changes");
    plan->add_option("--state-dir", state_dir_, "Where the inventory lives");
    auto* run = app_.add_subcommand("run", "Run the controller");
    run->add_option("DIR,--manifests", dir_, "Directory of manifests");
    run->add_option("--workers", workers_, "Reconciles at once")->capture_default_str();
    run->add_option("--config", config_, "Config file");
  }

  CLI::App app_{"tool does things"};
  std::string dir_, output_, state_dir_, config_;
  bool flag_ = false;
  int workers_ = 4;
};

TEST_F(CliDocsTest, DescribesCommandsOptionsAndPositionals) {
  CliCommand root = DescribeCli(app_);
  EXPECT_EQ(root.name, "edgecert");
  ASSERT_EQ(root.subcommands.size(), 2u);
  const CliCommand& plan = root.subcommands[0];
  EXPECT_EQ(plan.name, "plan");
  EXPECT_EQ(plan.description, "Show what would change");
  EXPECT_THAT(plan.footer, HasSubstr("A longer note."));
  ASSERT_EQ(plan.positionals.size(), 1u);
  EXPECT_EQ(plan.positionals[0].value_name, "DIR");
  EXPECT_TRUE(plan.positionals[0].required);
  EXPECT_EQ(plan.positionals[0].completion, ValueCompletion::kDirectory);

  ASSERT_EQ(plan.options.size(), 4u);  // --help, --output, --detailed-exitcode, --state-dir
  const CliOption& output = plan.options[1];
  EXPECT_THAT(output.short_names, ElementsAre("o"));
  EXPECT_THAT(output.long_names, ElementsAre("output"));
  EXPECT_EQ(output.value_name, "TEXT");
  EXPECT_THAT(output.choices, ElementsAre("text", "json"));
  EXPECT_EQ(output.completion, ValueCompletion::kChoices);
  EXPECT_FALSE(plan.options[2].takes_value());
  EXPECT_EQ(plan.options[3].completion, ValueCompletion::kDirectory);

  const CliCommand& run = root.subcommands[1];
  ASSERT_EQ(run.positionals.size(), 1u);  // DIR is positional and --manifests
  EXPECT_THAT(run.positionals[0].long_names, ElementsAre("manifests"));
  EXPECT_EQ(run.options[1].value_name, "DIR");
  EXPECT_EQ(run.options[2].default_value, "4");
  EXPECT_EQ(run.options[2].completion, ValueCompletion::kNone);
  EXPECT_EQ(run.options[3].completion, ValueCompletion::kFile);
}

TEST_F(CliDocsTest, CompletionScriptsNameEveryCommandAndChoice) {
  CliCommand root = DescribeCli(app_);
  for (std::string_view shell : kCompletionShells) {
    Result<std::string> script = CompletionScript(root, shell);
    ASSERT_TRUE(script.ok()) << shell;
    EXPECT_THAT(*script, HasSubstr("plan")) << shell;
    EXPECT_THAT(*script, HasSubstr("detailed-exitcode")) << shell;
    EXPECT_THAT(*script, HasSubstr("text json")) << shell;
  }
  EXPECT_THAT(BashCompletion(root), HasSubstr("edgecert:run) path=edgecert_run"));
  EXPECT_THAT(ZshCompletion(root), HasSubstr("'(-o --output)--output[Output format]:TEXT:(text json)'"));
  EXPECT_THAT(FishCompletion(root), HasSubstr("-s o -l output -x -a 'text json'"));
}

TEST_F(CliDocsTest, UnknownShellIsAnError) {
  Result<std::string> script = CompletionScript(DescribeCli(app_), "tcsh");
  ASSERT_FALSE(script.ok());
  EXPECT_EQ(script.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(script.status().message(), HasSubstr("bash, zsh, fish"));
}

TEST_F(CliDocsTest, ManPageHasEveryCommandOptionAndDefault) {
  std::string page = ManPage(DescribeCli(app_), "1.2.3");
  EXPECT_THAT(page, HasSubstr(".TH EDGECERT 1 \"\" \"edgecert 1.2.3\" \"User Commands\""));
  EXPECT_THAT(page, HasSubstr("edgecert \\- tool does things"));
  EXPECT_THAT(page, HasSubstr(".SS \\fBedgecert plan\\fR [\\fIoptions\\fR] \\fIDIR\\fR"));
  EXPECT_THAT(page, HasSubstr("\\fB\\-o\\fR, \\fB\\-\\-output\\fR \\fITEXT\\fR"));
  EXPECT_THAT(page, HasSubstr("One of \\fBtext\\fR, \\fBjson\\fR."));
  EXPECT_THAT(page, HasSubstr("Default: \\fB4\\fR."));
  EXPECT_THAT(page, HasSubstr("\n\\&.dot at the start"));  // not a roff request
  EXPECT_THAT(page, Not(HasSubstr("\n.dot")));
}

TEST(RoffEscapeTest, EscapesWhatRoffWouldInterpret) {
  EXPECT_EQ(RoffEscape("a-b \\n"), "a\\-b \\en");
  EXPECT_EQ(RoffEscape(".x"), "\\&.x");
  EXPECT_EQ(RoffEscape("'x"), "\\&'x");
}

}  // namespace
}  // namespace edgecert::daemon::cli_docs
