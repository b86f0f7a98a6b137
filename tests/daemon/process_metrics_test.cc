// ProcessMetrics: the process_* families read from a procfs tree: a made-up one with known values (a
// command name with spaces and parentheses included), and this test's own /proc/self.
#include "daemon/process_metrics.h"

#include <gtest/gtest.h>
#include <prometheus/text_serializer.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>

#include "tests/daemon/metrics_text.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::daemon::testing {
namespace {

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::map<std::string, double> Scrape(const ProcessMetrics& metrics) {
  return ParseMetricsText(prometheus::TextSerializer().Serialize(metrics.Collect()));
}

TEST(ProcessMetricsTest, ReadsStatLimitsAndDescriptorsOfAProcfsTree) {
  edgecert::testing::TempDir dir;
  const auto proc = dir.path() / "1234";
  // Fields 3.. of proc(5): utime (14) 250 ticks, stime (15) 150, starttime (22) 5000, vsize (23),
  // rss (24) 300 pages.
  Write(proc / "stat",
        "1234 (edge cert) (x)) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 3 0 5000 "
        "104857600 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
  Write(proc / "limits",
        "Limit                     Soft Limit           Hard Limit           Units     \n"
        "Max cpu time              unlimited            unlimited            seconds   \n"
        "Max open files            1024                 524288               files     \n");
  for (const char* fd : {"0", "1", "2", "7"}) Write(proc / "fd" / fd, "");
  Write(dir.path() / "stat", "cpu  1 2 3\nbtime 1700000000\nprocesses 42\n");

  ProcessMetrics metrics({proc, dir.path() / "stat", 100, 4096});
  auto s = Scrape(metrics);
  EXPECT_DOUBLE_EQ(s.at("process_cpu_seconds_total"), 4.0);
  EXPECT_DOUBLE_EQ(s.at("process_virtual_memory_bytes"), 104857600);
  EXPECT_DOUBLE_EQ(s.at("process_resident_memory_bytes"), 300.0 * 4096);
  EXPECT_DOUBLE_EQ(s.at("process_start_time_seconds"), 1700000050);
  EXPECT_DOUBLE_EQ(s.at("process_open_fds"), 4);
  EXPECT_DOUBLE_EQ(s.at("process_max_fds"), 1024);
}

TEST(ProcessMetricsTest, UnreadableFilesLeaveTheirFamiliesOut) {
  edgecert::testing::TempDir dir;
  ProcessMetrics metrics({dir.path() / "gone", dir.path() / "stat", 100, 4096});
  EXPECT_TRUE(metrics.Collect().empty());
}

TEST(ProcessMetricsTest, ThisProcess) {
  rlimit limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &limit), 0);
  auto s = Scrape(ProcessMetrics());
  EXPECT_EQ(s.at("process_max_fds"), static_cast<double>(limit.rlim_cur));
  EXPECT_GE(s.at("process_open_fds"), 3);
  EXPECT_GT(s.at("process_resident_memory_bytes"), 1 << 20);
  EXPECT_GE(s.at("process_virtual_memory_bytes"), s.at("process_resident_memory_bytes"));
  EXPECT_GE(s.at("process_cpu_seconds_total"), 0);
  EXPECT_GT(s.at("process_start_time_seconds"), 1.5e9);
}

}  // namespace
}  // namespace edgecert::daemon::testing
