// `edgecert explain [KIND[.field[.sub]]]`: the manifest reference, as `kubectl explain` prints it (type,
// required, allowed values, default, description), from the field tables the loader reads through.
#include <iostream>
#include <memory>
#include <string>

#include "daemon/commands.h"
#include "manifests/field_explain.h"

namespace edgecert::daemon {

void RegisterExplainCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("explain", "Describe a manifest kind or field (type, default, allowed values)");
  cmd->footer(
      "Examples: edgecert explain; edgecert explain CertificatePack;\n"
      "edgecert explain CustomHostname.ssl.settings.minTlsVersion");
  auto path = std::make_shared<std::string>();
  cmd->add_option("KIND", *path, "KIND or KIND.field.sub (spec. may be left out); none lists the kinds");
  cmd->callback([path, &exit_code] {
    Result<std::string> text = manifests::ExplainManifest(*path);
    if (!text.ok()) {
      std::cerr << "edgecert explain: " << text.status().message() << "\n";
      exit_code = 2;  // a usage error: the argument names no kind or field
      return;
    }
    std::cout << *text;
    exit_code = 0;
  });
}

}  // namespace edgecert::daemon
