// `edgecert status [--server URL] [--output text|json]`: asks a running `edgecert run` for its /status
// and prints an aligned table (or the JSON as served). Exit 0, or 1 when no daemon answers or the
// answer cannot be read. This file is the adapter: cpprest exceptions end here.
#include <cpprest/http_client.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/status.h"
#include "daemon/commands.h"
#include "daemon/status_report.h"

namespace edgecert::daemon {
namespace {

constexpr const char* kDefaultServer = "http://127.0.0.1:9464";

Result<std::string> FetchStatus(const std::string& server, std::chrono::seconds timeout) {
  try {
    web::http::client::http_client_config config;
    config.set_timeout(timeout);
    web::http::client::http_client client(web::uri(server), config);
    web::http::http_response response = client.request(web::http::methods::GET, "/status").get();
    std::string body = response.extract_utf8string(true).get();
    if (response.status_code() != web::http::status_codes::OK) {
      return Unavailable(server + "/status answered HTTP " + std::to_string(response.status_code()) + ": " + body);
    }
    return body;
  } catch (const web::uri_exception& e) {
    return InvalidArgument("--server is not a URL: \"" + server + "\": " + e.what());
  } catch (const std::exception& e) {
    return Unavailable("no edgecert daemon answers at " + server + " (" + e.what() +
                       "); is `edgecert run` running, and does --server match its --listen address?");
  }
}

}  // namespace

void RegisterStatusCommand(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("status", "Show the objects of a running `edgecert run` daemon");
  struct Flags {
    std::string server = kDefaultServer;
    std::string output = "text";
    int timeout_seconds = 10;
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--server", f->server, std::string("Where the daemon listens (default ") + kDefaultServer + ")");
  cmd->add_option("-o,--output", f->output, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--timeout", f->timeout_seconds, "Seconds to wait for the daemon (default 10)")
      ->check(CLI::PositiveNumber);
  cmd->callback([f, &exit_code] {
    auto body = FetchStatus(f->server, std::chrono::seconds(f->timeout_seconds));
    if (!body.ok()) {
      std::cerr << "edgecert status: " << body.status().message() << "\n";
      exit_code = 1;
      return;
    }
    auto report = ParseStatusReport(*body);
    if (!report.ok()) {
      std::cerr << "edgecert status: " << f->server << "/status sent an unreadable answer: "
                << report.status().message() << "\n";
      exit_code = 1;
      return;
    }
    if (f->output == "json") {
      std::cout << *body << "\n";
    } else {
      SystemClock clock;
      std::cout << RenderStatusTable(*report, clock.Now());
    }
    exit_code = 0;
  });
}

}  // namespace edgecert::daemon
