#include "daemon/process_metrics.h"

#include <unistd.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace edgecert::daemon {
namespace {

using prometheus::MetricFamily;
using prometheus::MetricType;

std::optional<std::string> ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<double> Number(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

MetricFamily One(const char* name, const char* help, MetricType type, double value) {
  MetricFamily family;
  family.name = name;
  family.help = help;
  family.type = type;
  family.metric.emplace_back();
  if (type == MetricType::Counter) {
    family.metric.back().counter.value = value;
  } else {
    family.metric.back().gauge.value = value;
  }
  return family;
}

// The fields of /proc/PID/stat after the command name, which is in parentheses and may itself hold
// spaces and parentheses: fields[0] is field 3 (state) of proc(5).
std::vector<std::string> StatFields(const std::string& stat) {
  std::vector<std::string> fields;
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return fields;
  std::istringstream rest(stat.substr(close + 1));
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

std::optional<double> StatField(const std::vector<std::string>& fields, std::size_t number) {
  if (number < 3 || number - 3 >= fields.size()) return std::nullopt;
  return Number(fields[number - 3]);
}

// The boot time from /proc/stat's "btime SECONDS" line.
std::optional<double> BootTime(const std::filesystem::path& system_stat) {
  std::ifstream in(system_stat);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("btime ", 0) == 0) return Number(line.substr(6));
  }
  return std::nullopt;
}

// The soft limit of "Max open files" in /proc/PID/limits; "unlimited" has no number.
std::optional<double> MaxOpenFiles(const std::filesystem::path& limits) {
  std::ifstream in(limits);
  constexpr std::string_view kRow = "Max open files";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(kRow, 0) != 0) continue;
    std::istringstream columns(line.substr(kRow.size()));
    std::string soft;
    columns >> soft;
    return Number(soft);
  }
  return std::nullopt;
}

std::optional<double> OpenFds(const std::filesystem::path& fd_dir) {
  std::error_code error;
  std::filesystem::directory_iterator it(fd_dir, error);
  if (error) return std::nullopt;
  double n = 0;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) return std::nullopt;
    ++n;
  }
  return n;
}

}  // namespace

ProcessMetrics::ProcessMetrics(ProcFiles files) : files_(std::move(files)) {
  if (files_.clock_ticks_per_second <= 0) files_.clock_ticks_per_second = ::sysconf(_SC_CLK_TCK);
  if (files_.page_size <= 0) files_.page_size = ::sysconf(_SC_PAGESIZE);
}

std::vector<MetricFamily> ProcessMetrics::Collect() const {
  std::vector<MetricFamily> out;
  const double ticks = static_cast<double>(files_.clock_ticks_per_second);
  if (const auto stat = ReadWhole(files_.process_dir / "stat")) {
    const auto fields = StatFields(*stat);
    const auto utime = StatField(fields, 14), stime = StatField(fields, 15);
    if (utime && stime) {
      out.push_back(One("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
                        MetricType::Counter, (*utime + *stime) / ticks));
    }
    if (const auto vsize = StatField(fields, 23)) {
      out.push_back(One("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge, *vsize));
    }
    if (const auto rss = StatField(fields, 24)) {
      out.push_back(One("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
                        *rss * static_cast<double>(files_.page_size)));
    }
    const auto start = StatField(fields, 22);
    const auto boot = BootTime(files_.system_stat);
    if (start && boot) {
      out.push_back(One("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                        MetricType::Gauge, *boot + *start / ticks));
    }
  }
  if (const auto fds = OpenFds(files_.process_dir / "fd")) {
    out.push_back(One("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, *fds));
  }
  if (const auto max = MaxOpenFiles(files_.process_dir / "limits")) {
    out.push_back(One("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge, *max));
  }
  return out;
}

}  // namespace edgecert::daemon
