#include "daemon/cli_docs/completion_script.h"

namespace edgecert::daemon::cli_docs {

Result<std::string> CompletionScript(const CliCommand& root, std::string_view shell) {
  if (shell == "bash") return BashCompletion(root);
  if (shell == "zsh") return ZshCompletion(root);
  if (shell == "fish") return FishCompletion(root);
  return InvalidArgument("unknown shell \"" + std::string(shell) + "\"; one of bash, zsh, fish");
}

}  // namespace edgecert::daemon::cli_docs
