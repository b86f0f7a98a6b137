// `edgecert completion bash|zsh|fish` and `edgecert man`: a shell completion script and the edgecert(1)
// man page, both generated from this program's own command-line definition (the root CLI11 app).
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "daemon/cli_docs/cli_model.h"
#include "daemon/cli_docs/completion_script.h"
#include "daemon/cli_docs/man_page.h"
#include "daemon/commands.h"

namespace edgecert::daemon {

void RegisterCompletionCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("completion", "Print a shell completion script (bash, zsh or fish)");
  cmd->footer(
      "bash: source <(edgecert completion bash), or install it as\n"
      "/usr/share/bash-completion/completions/edgecert. zsh: install as _edgecert in a directory of $fpath.\n"
      "fish: install as ~/.config/fish/completions/edgecert.fish.");
  auto shell = std::make_shared<std::string>();
  std::vector<std::string> shells(std::begin(cli_docs::kCompletionShells), std::end(cli_docs::kCompletionShells));
  cmd->add_option("SHELL", *shell, "The shell to complete for")->required()->check(CLI::IsMember(shells));
  cmd->callback([&app, shell, &exit_code] {
    Result<std::string> script = cli_docs::CompletionScript(cli_docs::DescribeCli(app), *shell);
    if (!script.ok()) {
      std::cerr << "edgecert completion: " << script.status().message() << "\n";
      exit_code = 1;
      return;
    }
    std::cout << *script;
    exit_code = 0;
  });
}

void RegisterManCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("man", "Print the edgecert(1) man page (roff); view it with: edgecert man | man -l -");
  cmd->callback([&app, &exit_code] {
    std::cout << cli_docs::ManPage(cli_docs::DescribeCli(app), EDGECERT_VERSION);
    exit_code = 0;
  });
}

}  // namespace edgecert::daemon
