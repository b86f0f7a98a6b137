// Shell completion scripts for edgecert, generated from the CliCommand tree: bash (complete -F), zsh
// (#compdef, _arguments) and fish (complete -c). Each offers sub-commands, their options and the values
// an option accepts (choices, files, directories).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"
#include "daemon/cli_docs/cli_model.h"

namespace edgecert::daemon::cli_docs {

// The shells CompletionScript knows, for help texts and checks.
inline constexpr std::string_view kCompletionShells[] = {"bash", "zsh", "fish"};

// The script for `shell`; InvalidArgument for a shell not in kCompletionShells.
Result<std::string> CompletionScript(const CliCommand& root, std::string_view shell);

// One script per shell (completion_bash.cc, completion_zsh.cc, completion_fish.cc).
std::string BashCompletion(const CliCommand& root);
std::string ZshCompletion(const CliCommand& root);
std::string FishCompletion(const CliCommand& root);

}  // namespace edgecert::daemon::cli_docs
