// The edgecert program: parses the command line and hands over to one sub-command.
#include <CLI/CLI.hpp>

#include "daemon/build_info.h"
#include "daemon/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"edgecert keeps Cloudflare edge TLS and mTLS objects equal to YAML manifests"};
  app.require_subcommand(1);
  app.set_version_flag("--version", edgecert::daemon::VersionLine(edgecert::daemon::CurrentBuild()));

  int exit_code = 0;
  edgecert::daemon::RegisterVersionCommand(app, exit_code);
  edgecert::daemon::RegisterEmulatorCommand(app, exit_code);
  edgecert::daemon::RegisterValidateCommand(app, exit_code);
  edgecert::daemon::RegisterPlanCommand(app, exit_code);
  edgecert::daemon::RegisterApplyCommand(app, exit_code);
  edgecert::daemon::RegisterRunCommand(app, exit_code);
  edgecert::daemon::RegisterStatusCommand(app, exit_code);
  edgecert::daemon::RegisterStateCommand(app, exit_code);
  edgecert::daemon::RegisterImportCommand(app, exit_code);
  edgecert::daemon::RegisterSchemaCommand(app, exit_code);
  edgecert::daemon::RegisterExplainCommand(app, exit_code);
  edgecert::daemon::RegisterCompletionCommand(app, exit_code);
  edgecert::daemon::RegisterManCommand(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}
