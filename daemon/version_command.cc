#include <iostream>

#include "daemon/commands.h"

namespace edgecert::daemon {

void RegisterVersionCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "Print the edgecert version");
  cmd->callback([&exit_code] {
    std::cout << "edgecert " << EDGECERT_VERSION << "\n";
    exit_code = 0;
  });
}

}  // namespace edgecert::daemon
