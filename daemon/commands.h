// Sub-command registration for the edgecert program. Each command lives in its own file and adds
// itself to the CLI11 app; the callback stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace edgecert::daemon {

void RegisterVersionCommand(CLI::App& app, int& exit_code);
void RegisterEmulatorCommand(CLI::App& app, int& exit_code);
void RegisterValidateCommand(CLI::App& app, int& exit_code);
void RegisterPlanCommand(CLI::App& app, int& exit_code);
void RegisterApplyCommand(CLI::App& app, int& exit_code);
void RegisterRunCommand(CLI::App& app, int& exit_code);
void RegisterStatusCommand(CLI::App& app, int& exit_code);
void RegisterApproveDeletionsCommand(CLI::App& app, int& exit_code);
void RegisterStateCommand(CLI::App& app, int& exit_code);
void RegisterImportCommand(CLI::App& app, int& exit_code);
void RegisterSchemaCommand(CLI::App& app, int& exit_code);
void RegisterExplainCommand(CLI::App& app, int& exit_code);
// Completion scripts and the man page walk `app`, so register them with the root app.
void RegisterCompletionCommand(CLI::App& app, int& exit_code);
void RegisterManCommand(CLI::App& app, int& exit_code);

}  // namespace edgecert::daemon
