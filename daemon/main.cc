// The edgecert program: parses the command line and hands over to one sub-command. Usage errors (an
// unknown sub-command or flag, a missing argument) exit 2, with the nearest known spelling.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "daemon/build_info.h"
#include "daemon/commands.h"
#include "daemon/usage_error.h"

namespace {

// Sub-command names and the option names of the sub-command being parsed (or of the program).
std::vector<std::string> KnownNames(CLI::App& app) {
  std::vector<std::string> names;
  CLI::App* scope = &app;
  for (CLI::App* sub : app.get_subcommands({})) {
    names.push_back(sub->get_name());
    if (sub->parsed()) scope = sub;
  }
  for (const CLI::Option* option : scope->get_options({})) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"edgecert keeps Cloudflare edge TLS and mTLS objects equal to YAML manifests"};
  app.require_subcommand(1);
  app.set_version_flag("--version", edgecert::daemon::VersionLine(edgecert::daemon::CurrentBuild()));
  app.option_defaults()->always_capture_default();

  int exit_code = 0;
  edgecert::daemon::RegisterVersionCommand(app, exit_code);
  edgecert::daemon::RegisterEmulatorCommand(app, exit_code);
  edgecert::daemon::RegisterValidateCommand(app, exit_code);
  edgecert::daemon::RegisterPlanCommand(app, exit_code);
  edgecert::daemon::RegisterApplyCommand(app, exit_code);
  edgecert::daemon::RegisterRunCommand(app, exit_code);
  edgecert::daemon::RegisterStatusCommand(app, exit_code);
  edgecert::daemon::RegisterApproveDeletionsCommand(app, exit_code);
  edgecert::daemon::RegisterStateCommand(app, exit_code);
  edgecert::daemon::RegisterImportCommand(app, exit_code);
  edgecert::daemon::RegisterSchemaCommand(app, exit_code);
  edgecert::daemon::RegisterExplainCommand(app, exit_code);
  edgecert::daemon::RegisterCompletionCommand(app, exit_code);
  edgecert::daemon::RegisterManCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    // CLI11 names a hidden option (a removed spelling that explains itself) with an empty name.
    if (what.rfind(": ", 0) == 0) what.erase(0, 2);
    std::cerr << "edgecert: " << what << "\n";
    std::vector<std::string> extras;
    for (const auto& x : app.remaining()) extras.push_back(x);
    for (CLI::App* sub : app.get_subcommands()) {
      for (const auto& x : sub->remaining()) extras.push_back(x);
    }
    std::cerr << edgecert::daemon::DidYouMean(extras, KnownNames(app));
    std::cerr << "Run `edgecert --help` (or `edgecert COMMAND --help`) for usage.\n";
    return edgecert::daemon::kUsageExitCode;
  }
  return exit_code;
}
