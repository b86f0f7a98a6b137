// `edgecert approve-deletions [--state-dir DIR]`: the operator's one-shot yes to deletions the prune
// guard holds back. It leaves a file in the state dir; the next pass of `run` (a resync, a reload or
// SIGHUP) or the next `apply` takes it, carries out the held-back deletions and removes it.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <string>

#include "api/client/credentials.h"
#include "daemon/command_wiring.h"
#include "daemon/commands.h"
#include "daemon/deletion_approval.h"

namespace edgecert::daemon {

void RegisterApproveDeletionsCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("approve-deletions",
                                 "Allow, once, the deletions the prune guard holds back (--max-deletions)");
  auto state_dir = std::make_shared<std::string>();
  cmd->add_option("--state-dir", *state_dir,
                  "The state dir of the daemon or apply to approve for (default: as for run and apply)");
  cmd->callback([state_dir, &exit_code] {
    const std::filesystem::path dir = state_dir->empty() ? DefaultStateDir(api::ProcessEnvironment(), ::geteuid() == 0)
                                                         : std::filesystem::path(*state_dir);
    Status s = DeletionApproval(dir).Grant();
    if (!s.ok()) {
      std::cerr << "edgecert approve-deletions: " << s.message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << "Approved: the held-back deletions are carried out at the next pass (run: the next resync, "
                 "reload or SIGHUP; apply: its next run). The approval is used once.\n";
    exit_code = 0;
  });
}

}  // namespace edgecert::daemon
