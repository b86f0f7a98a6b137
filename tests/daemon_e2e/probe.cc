#include "tests/daemon_e2e/probe.h"

#include <arpa/inet.h>
#include <cpprest/http_client.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace edgecert::testing {

HttpAnswer Http(const std::string& base_url, const std::string& method, const std::string& path,
                const std::string& body, const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpAnswer answer;
  try {
    web::http::client::http_client_config config;
    config.set_timeout(std::chrono::seconds(10));
    web::http::client::http_client client(base_url, config);
    web::http::http_request request(method);
    request.set_request_uri(path);
    for (const auto& [name, value] : headers) request.headers().add(name, value);
    if (!body.empty()) request.set_body(body, "application/json");
    web::http::http_response response = client.request(request).get();
    answer.status = response.status_code();
    answer.body = response.extract_utf8string(true).get();
  } catch (const std::exception&) {
    answer.status = 0;  // refused, reset or timed out
  }
  return answer;
}

std::map<std::string, double> ParseMetrics(const std::string& text) {
  std::map<std::string, double> series;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    try {
      series[line.substr(0, space)] = std::stod(line.substr(space + 1));
    } catch (const std::exception&) {
      series[line.substr(0, space)] = 0;
    }
  }
  return series;
}

double SumMetric(const std::map<std::string, double>& metrics, const std::string& name) {
  double sum = 0;
  for (auto it = metrics.lower_bound(name); it != metrics.end() && it->first.rfind(name, 0) == 0; ++it) {
    const char next = it->first.size() > name.size() ? it->first[name.size()] : '\0';
    if (next == '\0' || next == '{') sum += it->second;
  }
  return sum;
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

ProcessFigures ReadProcessFigures(pid_t pid) {
  ProcessFigures f;
  const std::string proc = "/proc/" + std::to_string(pid);
  {
    std::ifstream in(proc + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command name (which may hold spaces) start after the last ')'.
    std::istringstream rest(stat.substr(stat.rfind(')') + 2));
    std::string field;
    long utime = 0, stime = 0;
    for (int i = 3; rest >> field; ++i) {
      if (i == 14) utime = std::stol(field);
      if (i == 15) {
        stime = std::stol(field);
        break;
      }
    }
    f.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  std::ifstream status(proc + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) f.rss_kb = std::stol(line.substr(6));
    if (line.rfind("VmHWM:", 0) == 0) f.peak_rss_kb = std::stol(line.substr(6));
  }
  return f;
}

}  // namespace edgecert::testing
