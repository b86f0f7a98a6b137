// `edgecert status [--server HOST:PORT] [--output text|json]`: asks a running `edgecert run` for its
// /status and prints an aligned table (or the JSON as served). Exit 0; 1 when no daemon answers or the
// answer cannot be read; 2 (usage) when --server is not HOST:PORT (or an http:// URL, as before). This file is the adapter: cpprest exceptions end here.
#include <cpprest/http_client.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <string>

#include "common/clock.h"
#include "common/duration.h"
#include "common/status.h"
#include "daemon/duration_flag.h"
#include "daemon/commands.h"
#include "daemon/server_address.h"
#include "daemon/status_report.h"
#include "daemon/usage_error.h"

namespace edgecert::daemon {
namespace {

constexpr const char* kDefaultServer = "127.0.0.1:9464";

Result<std::string> FetchStatus(const std::string& server, std::chrono::milliseconds timeout) {
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
    return InvalidArgument("--server " + server + ": " + e.what());
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
    std::string timeout = "10s";
  };
  auto f = std::make_shared<Flags>();
  cmd->add_option("--server", f->server,
                  std::string("HOST:PORT where the daemon listens, as its --listen (default ") + kDefaultServer + ")")
      ->check(CLI::Validator(
          [](std::string& value) {
            auto url = ServerUrl(value);
            return url.ok() ? std::string() : url.status().message();
          },
          "HOST:PORT"));
  cmd->add_option("-o,--output", f->output, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--timeout", f->timeout, "How long to wait for the daemon, e.g. 10s or 1m (default 10s)")
      ->check(DurationValidator(std::chrono::milliseconds(1)));
  cmd->callback([f, &exit_code] {
    auto url = ServerUrl(f->server);  // checked at parse time
    if (!url.ok()) {
      std::cerr << "edgecert status: --server " << url.status().message() << "\n";
      exit_code = kUsageExitCode;
      return;
    }
    auto body = FetchStatus(*url, *ParseDuration(f->timeout));  // checked at parse time
    if (!body.ok()) {
      std::cerr << "edgecert status: " << body.status().message() << "\n";
      exit_code = 1;
      return;
    }
    auto report = ParseStatusReport(*body);
    if (!report.ok()) {
      std::cerr << "edgecert status: " << *url << "/status sent an unreadable answer: "
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
