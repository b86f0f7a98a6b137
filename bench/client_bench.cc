// client_bench: the API client's own cost per request on loopback. A cpprest http_listener answers
// every request at once with a canned envelope; the bench times (a) the bare transport (HTTP only),
// (b) a typed GET through the whole client (budget, retries bookkeeping, envelope, mapping),
// (c) a 50-item list page, and (d) decoding + mapping alone without I/O.
// Usage: client_bench [requests]   (default 2000)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cpprest/http_listener.h>
#include <spdlog/sinks/null_sink.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "api/client/api_caller.h"
#include "api/client/cloudflare_client.h"
#include "api/client/cpprest_transport.h"
#include "api/client/envelope.h"
#include "api/client/json_mapping.h"

namespace {

using namespace edgecert;
using namespace edgecert::api;
using Micros = std::chrono::duration<double, std::micro>;

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

const std::string kPack =
    R"({"id":"0123456789abcdef0123456789abcdef","type":"advanced","hosts":["example.com","*.example.com"],)"
    R"("status":"active","certificate_authority":"lets_encrypt","validation_method":"txt","validity_days":90,)"
    R"("certificates":[{"id":"c1","hosts":["example.com","*.example.com"],"status":"active","issuer":"LE",)"
    R"("expires_on":"2026-04-01T00:00:00Z"}],"validation_records":[]})";

std::string Single() { return R"({"success":true,"errors":[],"messages":[],"result":)" + kPack + "}"; }

std::string Page() {
  std::string items;
  for (int i = 0; i < 50; ++i) items += (i ? "," : "") + kPack;
  return R"({"success":true,"errors":[],"messages":[],"result":[)" + items +
         R"(],"result_info":{"page":1,"per_page":50,"count":50,"total_count":50,"total_pages":1}})";
}

struct Stats {
  double mean_us, p50_us, p99_us;
};

template <typename F>
Stats Time(int n, F f) {
  std::vector<double> samples;
  samples.reserve(n);
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    samples.push_back(Micros(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(samples.begin(), samples.end());
  double sum = 0;
  for (double s : samples) sum += s;
  return {sum / n, samples[n / 2], samples[std::min(n - 1, n * 99 / 100)]};
}

void Print(const char* what, const Stats& s) {
  std::printf("%-44s mean %8.1f us   p50 %8.1f us   p99 %8.1f us\n", what, s.mean_us, s.p50_us, s.p99_us);
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(10, std::atoi(argv[1])) : 2000;
  const std::string single = Single();
  const std::string page = Page();

  const std::string url = "http://127.0.0.1:" + std::to_string(FreePort());
  web::http::experimental::listener::http_listener listener(url);
  listener.support([&](web::http::http_request req) {
    const bool list = req.request_uri().query().find("per_page") != std::string::npos;
    req.reply(web::http::status_codes::OK, list ? page : single, "application/json");
  });
  listener.open().wait();

  CpprestTransportOptions topts;
  topts.base_url = url;
  auto transport = CpprestTransport::Create(topts);
  if (!transport.ok()) {
    std::fprintf(stderr, "%s\n", transport.status().ToString().c_str());
    return 1;
  }
  SystemClock clock;
  RateBudget budget(clock, {.capacity = 1u << 30, .period = std::chrono::seconds(300)});
  RetryPolicy retry({.max_attempts = 1, .seed = 1});
  NullClientObserver observer;
  auto logger = std::make_shared<spdlog::logger>("bench", std::make_shared<spdlog::sinks::null_sink_mt>());
  ApiCaller caller(**transport, Credentials::ApiToken(Secret("bench-token")), budget, retry, clock,
                   observer, logger);
  CloudflareClient client(caller);

  HttpRequest raw{"GET", "/zones/z1/ssl/certificate_packs/p1", {{"Authorization", "Bearer bench-token"}}, ""};
  for (int i = 0; i < 200; ++i) (*transport)->Send(raw);  // warm the connection pool

  const Stats bare = Time(n, [&] { (*transport)->Send(raw); });
  const Stats typed = Time(n, [&] {
    if (!client.GetCertificatePack("z1", "p1").ok()) std::abort();
  });
  const Stats list = Time(n / 4, [&] {
    if (client.ListCertificatePacks("z1")->size() != 50) std::abort();
  });
  const Stats decode_one = Time(n, [&] {
    auto env = DecodeEnvelope(single);
    if (!ParseCertificatePack(env->result).ok()) std::abort();
  });
  const Stats decode_page = Time(n / 4, [&] {
    auto env = DecodeEnvelope(page);
    for (const auto& item : env->result.as_array()) {
      if (!ParseCertificatePack(item).ok()) std::abort();
    }
  });
  listener.close().wait();

  std::printf("client_bench: %d requests, loopback, cpprest http_listener answering at once\n", n);
  Print("bare transport GET (HTTP only)", bare);
  Print("CloudflareClient::GetCertificatePack", typed);
  Print("CloudflareClient::ListCertificatePacks (50)", list);
  Print("decode+map one pack (no I/O)", decode_one);
  Print("decode+map 50-pack page (no I/O)", decode_page);
  std::printf("client overhead over bare transport: %.1f us per typed GET (p50 %.1f us)\n",
              typed.mean_us - bare.mean_us, typed.p50_us - bare.p50_us);
  return 0;
}
