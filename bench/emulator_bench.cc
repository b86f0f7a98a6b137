// Emulator list throughput: GET /zones/{id}/ssl/certificate_packs?status=all over 20 packs on loopback.
// Usage: emulator_bench [clients=4] [seconds=5] [per_page=20]   parallel cpprest clients, requests/s
//        emulator_bench wrk [seconds=5] [per_page=20]          wrk at 8 and 64 connections against the
//        emulator and against a bare listener (the same HTTP server, answering the same bytes without the
//        emulator), and the ratio of the two. See docs/benchmarks.md.
#include <cpprest/http_client.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <regex>
#include <thread>
#include <vector>

#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "common/clock.h"
#include "httpd/http_server.h"

namespace {

// Requests per second wrk reports for `url` with `connections` connections over `seconds`; -1 on error.
double Wrk(const std::string& url, int connections, int seconds, const std::string& token) {
  const std::string command = "wrk -t2 -c" + std::to_string(connections) + " -d" + std::to_string(seconds) +
                              "s -H 'Authorization: Bearer " + token + "' '" + url + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return -1;
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe.get()) != nullptr) output += buffer;
  std::smatch m;
  if (!std::regex_search(output, m, std::regex(R"(Requests/sec:\s+([0-9.]+))"))) {
    std::cerr << output;
    return -1;
  }
  if (output.find("Non-2xx") != std::string::npos) std::cerr << "wrk saw non-2xx answers:\n" << output;
  return std::stod(m[1]);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace edgecert::emulator;
  const bool wrk = argc > 1 && std::string(argv[1]) == "wrk";
  std::vector<int> numbers;
  for (int i = wrk ? 2 : 1; i < argc; ++i) numbers.push_back(std::atoi(argv[i]));
  auto arg = [&numbers](std::size_t i, int fallback) { return i < numbers.size() ? numbers[i] : fallback; };
  const int clients = wrk ? 0 : arg(0, 4);
  const int seconds = arg(wrk ? 0 : 1, 5);
  const int per_page = arg(wrk ? 1 : 2, 20);
  edgecert::SystemClock clock;
  EmulatorOptions options;
  options.config.rate_limit.requests = 0;
  options.config.zones[0].advanced_pack_quota = 100;
  Emulator emulator(options, clock);
  EmulatorServer server(emulator);
  if (!server.Start("127.0.0.1", 0).ok()) return 1;
  const std::string zone = options.config.zones[0].id;
  const std::string list = std::string(kApiPrefix) + "/zones/" + zone + "/ssl/certificate_packs?status=all&per_page=" +
                           std::to_string(per_page);
  web::http::client::http_client setup(server.base_url());
  for (int i = 0; i < 20; ++i) {
    web::http::http_request order("POST");
    order.set_request_uri(std::string(kApiPrefix) + "/zones/" + zone + "/ssl/certificate_packs/order");
    order.headers().add("Authorization", std::string("Bearer ") + kDefaultEditToken);
    order.set_body(web::json::value::parse(R"({"type":"advanced","hosts":["example.com","h)" + std::to_string(i) +
                                           R"(.example.com"],"validation_method":"txt","validity_days":90,"certificate_authority":"google"})"));
    if (setup.request(order).get().status_code() != 200) return 1;
  }
  if (wrk) {
    // The same bytes the emulator answers, from the same server with the same limits and threads.
    web::http::http_request sample("GET");
    sample.set_request_uri(list);
    sample.headers().add("Authorization", std::string("Bearer ") + kDefaultReadToken);
    auto reply = setup.request(sample).get();
    edgecert::httpd::HttpResponse canned;
    canned.content_type = "application/json";
    canned.body = reply.extract_utf8string().get();
    auto bare = edgecert::httpd::HttpServer::Start("127.0.0.1", 0, EmulatorLimits(),
                                                  [&canned](edgecert::httpd::HttpRequest&) { return canned; });
    if (!bare.ok()) return 1;
    const std::string bare_url = "http://127.0.0.1:" + std::to_string((*bare)->port()) + list;
    std::cout << "list of " << per_page << " packs, " << canned.body.size() << " bytes per answer, wrk -t2, "
              << seconds << " s per run\n";
    bool ok = true;
    for (int connections : {8, 64}) {
      const double emulator_rps = Wrk(server.base_url() + list, connections, seconds, kDefaultReadToken);
      const double bare_rps = Wrk(bare_url, connections, seconds, kDefaultReadToken);
      ok = ok && emulator_rps > 0 && bare_rps > 0;
      std::cout << connections << " connections: emulator " << static_cast<long>(emulator_rps) << " req/s, bare "
                << static_cast<long>(bare_rps) << " req/s, ratio " << (bare_rps > 0 ? emulator_rps / bare_rps : 0)
                << "\n";
    }
    server.Stop();
    return ok ? 0 : 1;
  }
  std::atomic<long> done{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      web::http::client::http_client client(server.base_url());
      while (!stop) {
        web::http::http_request request("GET");
        request.set_request_uri(list);
        request.headers().add("Authorization", std::string("Bearer ") + kDefaultReadToken);
        auto response = client.request(request).get();
        response.extract_string().get();
        (response.status_code() == 200 ? done : failed)++;
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "emulator list (" << per_page << " of 20 packs per page), " << clients << " clients, " << elapsed << " s: " << done.load()
            << " requests, " << static_cast<long>(done.load() / elapsed) << " req/s, " << failed.load() << " failed\n";
  server.Stop();
  return failed.load() == 0 ? 0 : 1;
}
