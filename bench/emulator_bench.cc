// Emulator list throughput: GET /zones/{id}/ssl/certificate_packs?status=all over 20 packs from parallel
// cpprest clients on loopback. Usage: emulator_bench [clients=4] [seconds=5] [per_page=20].
// Prints requests per second; see docs/benchmarks.md.
#include <cpprest/http_client.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>
#include <vector>

#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "common/clock.h"

int main(int argc, char** argv) {
  using namespace edgecert::emulator;
  const int clients = argc > 1 ? std::atoi(argv[1]) : 4;
  const int seconds = argc > 2 ? std::atoi(argv[2]) : 5;
  const int per_page = argc > 3 ? std::atoi(argv[3]) : 20;
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
