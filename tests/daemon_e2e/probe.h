// Small probes shared by the daemon end-to-end tests and bench/daemon_bench: one HTTP request that never
// throws, the Prometheus text format read back, a free loopback port, and /proc figures of a process.
// Thread-safety: plain functions.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace edgecert::testing {

struct HttpAnswer {
  int status = 0;  // 0: nothing answered
  std::string body;
};

// One request with a 10 s timeout; never throws.
HttpAnswer Http(const std::string& base_url, const std::string& method, const std::string& path,
                const std::string& body = "", const std::vector<std::pair<std::string, std::string>>& headers = {});

// "name{labels}" -> value, from the Prometheus text format.
std::map<std::string, double> ParseMetrics(const std::string& text);
// The sum of every series of one metric name (all label sets).
double SumMetric(const std::map<std::string, double>& metrics, const std::string& name);

// A loopback port nothing listens on now (bound to port 0, read back, released).
int FreePort();

// /proc/PID: user+system CPU seconds, resident and peak resident set in KiB.
struct ProcessFigures {
  double cpu_seconds = 0;
  long rss_kb = 0;
  long peak_rss_kb = 0;
};
ProcessFigures ReadProcessFigures(pid_t pid);

}  // namespace edgecert::testing
