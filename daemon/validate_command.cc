// `edgecert validate DIR [--output text|json] [--online]`: loads the manifests offline and reports the
// desired objects and the snapshot hash (exit 0) or every error found (exit 1). --online adds the
// read-only checks only the API can answer (online/online_checks.h); any error there also exits 1.
#include <cpprest/json.h>
#include <unistd.h>
#include <spdlog/logger.h>

#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "api/client/client_stack.h"
#include "common/clock.h"
#include "daemon/color_flag.h"
#include "daemon/commands.h"
#include "manifests/manifest_loader.h"
#include "online/online_checks.h"

namespace edgecert::daemon {
namespace {

using manifests::Kind;

void PrintText(const std::string& dir, const manifests::ManifestLoad& load, const TerminalStyle& style) {
  if (!load.ok()) {
    for (const manifests::Diagnostic& d : load.errors) std::cout << style.Red(d.Format()) << "\n";
    std::cout << style.Bold("edgecert validate: " + std::to_string(load.errors.size()) +
                            (load.errors.size() == 1 ? " error" : " errors") + " in " + dir)
              << "\n";
    return;
  }
  const manifests::DesiredState& state = *load.state;
  std::cout << dir << ": " << style.Green("valid") << ", " << state.size() << " objects in " << load.files.size() << " files\n";
  for (const Kind kind : manifests::AllKinds()) {
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

void PrintJson(const std::string& dir, const manifests::ManifestLoad& load, const web::json::value* online) {
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
    for (const Kind kind : manifests::AllKinds()) {
      auto names = load.state->NamesOf(kind);
      web::json::value list = web::json::value::array(names.size());
      for (std::size_t i = 0; i < names.size(); ++i) list[i] = web::json::value::string(names[i]);
      objects[std::string(manifests::KindName(kind))] = list;
    }
    out["objects"] = objects;
  }
  if (online != nullptr) out["online"] = *online;
  std::cout << out.serialize() << "\n";
}

std::string_view SeverityName(online::Finding::Severity s) {
  return s == online::Finding::Severity::kError ? "error" : s == online::Finding::Severity::kWarning ? "warning" : "ok";
}

// The online checks; nullopt (after saying why on stderr) when no client could be built.
std::optional<online::OnlineReport> CheckOnline(const manifests::DesiredState& desired, const std::string& api_url) {
  const api::Environment env = api::ProcessEnvironment();
  SystemClock clock;
  api::NullClientObserver observer;
  auto logger = std::make_shared<spdlog::logger>("edgecert-validate");  // no sinks: errors come back as values
  api::ClientStackOptions options;
  options.transport.base_url = api::ResolveApiBaseUrl(api_url, env);
  auto stack = api::ClientStack::Create(options, env, clock, observer, logger);
  if (!stack.ok()) {
    std::cerr << "edgecert validate --online: " << stack.status().message() << "\n";
    return std::nullopt;
  }
  auto credentials = api::Credentials::FromEnvironment(env);
  online::OnlineOptions checks;
  checks.verify_token = credentials.ok() && credentials->scheme() == api::Credentials::Scheme::kApiToken;
  return online::CheckOnline((*stack)->client(), desired, checks);
}

void PrintOnlineText(const online::OnlineReport& report) {
  std::cout << "online checks: " << report.Count(online::Finding::Severity::kError) << " error(s), "
            << report.Count(online::Finding::Severity::kWarning) << " warning(s)\n";
  for (const auto& f : report.findings) {
    std::cout << "  " << SeverityName(f.severity) << ": " << f.object << ": " << f.message << "\n";
  }
}

web::json::value OnlineJson(const online::OnlineReport& report) {
  web::json::value out = web::json::value::object();
  out["ok"] = web::json::value::boolean(report.ok());
  web::json::value findings = web::json::value::array(report.findings.size());
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    web::json::value f = web::json::value::object();
    f["severity"] = web::json::value::string(std::string(SeverityName(report.findings[i].severity)));
    f["object"] = web::json::value::string(report.findings[i].object);
    f["message"] = web::json::value::string(report.findings[i].message);
    findings[i] = f;
  }
  out["findings"] = findings;
  return out;
}

}  // namespace

void RegisterValidateCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("validate", "Check the manifests below DIR offline and list the desired objects");
  auto dir = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>("text");
  auto online = std::make_shared<bool>(false);
  auto api_url = std::make_shared<std::string>();
  auto color = std::make_shared<std::string>("auto");
  cmd->add_option("DIR", *dir, "Directory of manifests (*.yaml, *.yml, recursively)")->required();
  cmd->add_option("-o,--output", *output, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--online", *online,
                "Also check against the API (read-only): accounts, zones, token, pack quota, ssl/analyze, CA limit");
  cmd->add_option("--api-url", *api_url, "API base URL for --online (default: EDGECERT_API_URL, else Cloudflare's)");
  AddColorFlag(*cmd, *color);
  cmd->callback([dir, output, online, api_url, color, &exit_code] {
    SystemClock clock;
    manifests::ManifestLoader loader(clock);
    manifests::ManifestLoad load = loader.Load(*dir);
    std::optional<online::OnlineReport> report;
    bool online_failed = false;
    if (*online && load.ok()) {
      report = CheckOnline(*load.state, *api_url);
      online_failed = !report || !report->ok();
    }
    if (*output == "json") {
      const web::json::value online_json = report ? OnlineJson(*report) : web::json::value::null();
      PrintJson(*dir, load, report ? &online_json : nullptr);
    } else {
      PrintText(*dir, load, StyleFor(*color, STDOUT_FILENO));
      if (report) PrintOnlineText(*report);
    }
    exit_code = load.ok() && !online_failed ? 0 : 1;
  });
}

}  // namespace edgecert::daemon
