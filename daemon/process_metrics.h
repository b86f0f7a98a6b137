// ProcessMetrics: the standard process_* metrics of a Prometheus client (as client_golang's process
// collector exports them), read from procfs at every scrape: process_cpu_seconds_total,
// process_resident_memory_bytes, process_virtual_memory_bytes, process_open_fds, process_max_fds and
// process_start_time_seconds. A file that cannot be read leaves its families out of that scrape.
// Thread-safety: Collect() only reads files; safe from any thread.
#pragma once

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <filesystem>
#include <vector>

namespace edgecert::daemon {

struct ProcFiles {
  std::filesystem::path process_dir = "/proc/self";  // stat, limits and fd/ of the process
  std::filesystem::path system_stat = "/proc/stat";  // its "btime" line: boot time in Unix seconds
  long clock_ticks_per_second = 0;                   // 0: sysconf(_SC_CLK_TCK)
  long page_size = 0;                                // 0: sysconf(_SC_PAGESIZE)
};

class ProcessMetrics final : public prometheus::Collectable {
 public:
  explicit ProcessMetrics(ProcFiles files = {});
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  ProcFiles files_;
};

}  // namespace edgecert::daemon
