// `edgecert validate DIR [--output text|json]`: loads the manifests offline and reports the desired
// objects and the snapshot hash (exit 0) or every error found (exit 1).
#include <cpprest/json.h>

#include <iostream>
#include <string>

#include "common/clock.h"
#include "daemon/commands.h"
#include "manifests/manifest_loader.h"

namespace edgecert::daemon {
namespace {

using manifests::Kind;

void PrintText(const std::string& dir, const manifests::ManifestLoad& load) {
  if (!load.ok()) {
    for (const manifests::Diagnostic& d : load.errors) std::cout << d.Format() << "\n";
    std::cout << "edgecert validate: " << load.errors.size() << (load.errors.size() == 1 ? " error" : " errors")
              << " in " << dir << "\n";
    return;
  }
  const manifests::DesiredState& state = *load.state;
  std::cout << dir << ": valid, " << state.size() << " objects in " << load.files.size() << " files\n";
  for (int k = 0; k < manifests::kKindCount; ++k) {
    Kind kind = static_cast<Kind>(k);
    auto names = state.NamesOf(kind);
    std::string line = "  " + std::string(manifests::KindName(kind));
    line.resize(24, ' ');
    line += std::to_string(names.size());
    line.resize(29, ' ');
    for (std::size_t i = 0; i < names.size(); ++i) line += (i ? ", " : "") + names[i];
    std::cout << line << "\n";
  }
  std::cout << "snapshot sha256:" << state.hash() << "\n";
}

void PrintJson(const std::string& dir, const manifests::ManifestLoad& load) {
  web::json::value out = web::json::value::object();
  out["directory"] = web::json::value::string(dir);
  out["valid"] = web::json::value::boolean(load.ok());
  out["files"] = web::json::value::number(static_cast<int64_t>(load.files.size()));
  web::json::value errors = web::json::value::array(load.errors.size());
  for (std::size_t i = 0; i < load.errors.size(); ++i) {
    const manifests::Diagnostic& d = load.errors[i];
    web::json::value e = web::json::value::object();
    e["file"] = web::json::value::string(d.location.file);
    e["line"] = web::json::value::number(d.location.line);
    e["column"] = web::json::value::number(d.location.column);
    e["kind"] = web::json::value::string(d.kind);
    e["name"] = web::json::value::string(d.name);
    e["message"] = web::json::value::string(d.message);
    errors[i] = e;
  }
  out["errors"] = errors;
  if (load.ok()) {
    out["hash"] = web::json::value::string("sha256:" + load.state->hash());
    web::json::value objects = web::json::value::object();
    for (int k = 0; k < manifests::kKindCount; ++k) {
      Kind kind = static_cast<Kind>(k);
      auto names = load.state->NamesOf(kind);
      web::json::value list = web::json::value::array(names.size());
      for (std::size_t i = 0; i < names.size(); ++i) list[i] = web::json::value::string(names[i]);
      objects[std::string(manifests::KindName(kind))] = list;
    }
    out["objects"] = objects;
  }
  std::cout << out.serialize() << "\n";
}

}  // namespace

void RegisterValidateCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("validate", "Check the manifests below DIR offline and list the desired objects");
  auto dir = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>("text");
  cmd->add_option("DIR", *dir, "Directory of manifests (*.yaml, *.yml, recursively)")->required();
  cmd->add_option("-o,--output", *output, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([dir, output, &exit_code] {
    SystemClock clock;
    manifests::ManifestLoader loader(clock);
    manifests::ManifestLoad load = loader.Load(*dir);
    if (*output == "json") {
      PrintJson(*dir, load);
    } else {
      PrintText(*dir, load);
    }
    exit_code = load.ok() ? 0 : 1;
  });
}

}  // namespace edgecert::daemon
