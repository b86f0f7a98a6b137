// The malformed-manifest corpus: every directory under tests/manifests/corpus/ is one case whose
// expected.txt lists, line by line, the exact errors ("file:line:col: Kind/name: cause", paths relative
// to the case) the load must produce. Run with EDGECERT_UPDATE_CORPUS=1 to rewrite expected.txt after a
// deliberate wording change, then review the diff.
#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

#include "tests/manifests/manifest_fixture.h"

namespace edgecert::manifests::testing {
namespace {

namespace fs = std::filesystem;

fs::path CorpusDir() {
  const char* source = std::getenv("EDGECERT_SOURCE_DIR");
  return fs::path(source ? source : EDGECERT_SOURCE_DIR_PATH) / "tests" / "manifests" / "corpus";
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(CorpusDir(), ec)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> ReadLines(const fs::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

class CorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusTest, ProducesExactlyTheExpectedErrors) {
  fs::path dir = CorpusDir() / GetParam();
  // A fixed instant, so certificate expiry never depends on the day the tests run.
  FakeClock clock(FakeClock::TimePoint(std::chrono::seconds(1'893'456'000)));  // 2030-01-01
  LoaderOptions options;
  options.env = [](const std::string&) { return std::optional<std::string>(); };
  ManifestLoad load = ManifestLoader(clock, options).Load(dir);
  std::vector<std::string> actual;
  std::string prefix = dir.string() + "/";
  for (const Diagnostic& d : load.errors) {
    std::string line = d.Format();
    for (auto at = line.find(prefix); at != std::string::npos; at = line.find(prefix)) line.erase(at, prefix.size());
    actual.push_back(line);
  }
  if (std::getenv("EDGECERT_UPDATE_CORPUS") != nullptr) {
    std::ofstream out(dir / "expected.txt");
    for (const std::string& line : actual) out << line << "\n";
  }
  EXPECT_FALSE(load.ok());
  EXPECT_THAT(actual, ::testing::ElementsAreArray(ReadLines(dir / "expected.txt")));
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(CorpusSizeTest, HasAtLeastFortyCases) { EXPECT_GE(CaseNames().size(), 40u); }

}  // namespace
}  // namespace edgecert::manifests::testing
