// `edgecert schema`: prints the JSON Schema (draft 2020-12) of the manifests, generated from the field
// tables the loader reads through; manifests/schema/edgecert.schema.json is this output.
#include <iostream>

#include "daemon/commands.h"
#include "manifests/json_schema.h"

namespace edgecert::daemon {

void RegisterSchemaCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("schema", "Print the JSON Schema (draft 2020-12) of the manifests");
  cmd->footer(
      "Editors that speak the YAML language server complete and check manifests with it: start a file with\n"
      "# yaml-language-server: $schema=PATH/edgecert.schema.json");
  cmd->callback([&exit_code] {
    std::cout << manifests::ManifestJsonSchema();
    exit_code = 0;
  });
}

}  // namespace edgecert::daemon
