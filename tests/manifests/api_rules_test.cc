// Every error code of the emulator's table (the API's errors) is accounted for in docs/manifests.md
// "The API's rules, checked offline": either an offline check proved by named corpus cases or tests, or
// the reason it can only be known online. A new code without a row, or a row naming a corpus case that
// does not exist, fails here.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "api/emulator/error_codes.h"

namespace edgecert::manifests::testing {
namespace {

namespace fs = std::filesystem;

fs::path SourceDir() {
  const char* source = std::getenv("EDGECERT_SOURCE_DIR");
  return fs::path(source ? source : EDGECERT_SOURCE_DIR_PATH);
}

// code -> what validate does about it, from the table rows "| 1406 | ... | ... |".
std::map<int, std::string> DocumentedRules() {
  std::ifstream in(SourceDir() / "docs" / "manifests.md");
  std::map<int, std::string> rules;
  bool in_section = false;
  const std::regex row(R"(^\| (\d+) \| [^|]+ \| (.+) \|$)");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) in_section = line == "## The API's rules, checked offline";
    std::smatch m;
    if (in_section && std::regex_match(line, m, row)) rules[std::stoi(m[1].str())] = m[2].str();
  }
  return rules;
}

TEST(ApiRulesTest, EveryApiErrorCodeIsAccountedFor) {
  const std::map<int, std::string> rules = DocumentedRules();
  ASSERT_FALSE(rules.empty()) << "docs/manifests.md lost its API rules table";
  for (const auto& info : emulator::ErrorCodeTable()) {
    const int code = static_cast<int>(info.code);
    EXPECT_TRUE(rules.count(code)) << code << " (" << info.message << ") has no row in docs/manifests.md";
  }
}

TEST(ApiRulesTest, EveryRowIsCheckedOfflineOrSaysWhyNot) {
  const std::regex corpus_case("`(\\d\\d-[a-z0-9-]+)`");
  for (const auto& [code, rule] : DocumentedRules()) {
    const bool checked = rule.starts_with("corpus ") || rule.starts_with("unit test ");
    const bool explained = rule.starts_with("online") || rule.starts_with("not a manifest rule");
    EXPECT_TRUE(checked || explained) << code << ": " << rule;
    for (auto it = std::sregex_iterator(rule.begin(), rule.end(), corpus_case); it != std::sregex_iterator(); ++it) {
      const std::string name = (*it)[1].str();
      EXPECT_TRUE(fs::is_directory(SourceDir() / "tests" / "manifests" / "corpus" / name))
          << code << " names corpus case " << name << ", which does not exist";
    }
  }
}

}  // namespace
}  // namespace edgecert::manifests::testing
