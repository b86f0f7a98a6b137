#include <iostream>

#include "daemon/build_info.h"
#include "daemon/commands.h"

namespace edgecert::daemon {

void RegisterVersionCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the edgecert version, git commit and build date");
  cmd->callback([&exit_code] {
    std::cout << VersionLine(CurrentBuild()) << "\n";
    exit_code = 0;
  });
}

}  // namespace edgecert::daemon
