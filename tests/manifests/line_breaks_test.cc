// Line breaks as YAML defines them: "\n", "\r\n" and a lone "\r" all end a line. A manifest saved with
// Windows or classic-Mac line endings loads to exactly the objects of the same file saved with "\n", and
// errors point at the same line.
#include <gmock/gmock.h>

#include <sstream>

#include "manifests/text_checks.h"
#include "tests/manifests/manifest_fixture.h"

namespace edgecert::manifests::testing {
namespace {

namespace fs = std::filesystem;

fs::path Examples() {
  const char* source = std::getenv("EDGECERT_SOURCE_DIR");
  return fs::path(source ? source : EDGECERT_SOURCE_DIR_PATH) / "manifests" / "examples";
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string WithLineBreak(const std::string& text, const std::string& line_break) {
  std::string out;
  for (char c : text) {
    if (c == '\n') {
      out += line_break;
    } else {
      out += c;
    }
  }
  return out;
}

// Copies the examples into `dir`, manifests rewritten with `line_break`, other files as they are.
void CopyExamples(const TempDir& dir, const std::string& line_break) {
  for (const auto& entry : fs::recursive_directory_iterator(Examples())) {
    if (!entry.is_regular_file()) continue;
    std::string relative = fs::relative(entry.path(), Examples()).string();
    std::string text = ReadAll(entry.path());
    const std::string ext = entry.path().extension().string();
    dir.Write(relative, ext == ".yaml" || ext == ".yml" ? WithLineBreak(text, line_break) : text);
  }
}

class LineBreakTest : public ManifestTest {};

TEST_F(LineBreakTest, ExamplesLoadTheSameWithEveryLineBreak) {
  SystemClock clock;  // the example certificates are valid around today, not at the fixture's instant
  ManifestLoad reference = ManifestLoader(clock).Load(Examples());
  ASSERT_TRUE(reference.ok()) << ::testing::PrintToString(Errors(reference));
  for (const std::string line_break : {"\r\n", "\r"}) {
    TempDir dir;
    CopyExamples(dir, line_break);
    ManifestLoad load = ManifestLoader(clock).Load(dir.path());
    ASSERT_TRUE(load.ok()) << ::testing::PrintToString(Errors(load));
    EXPECT_EQ(load.state->size(), reference.state->size());
    EXPECT_EQ(load.state->size(), 14u);
    EXPECT_EQ(load.state->hash(), reference.state->hash());
  }
}

TEST_F(LineBreakTest, ErrorsInACarriageReturnFileNameTheRightLine) {
  dir_.Write("a.yaml",
             "apiVersion: edgecert.dev/v1\rkind: Zone\rmetadata: {name: z}\r"
             "spec: {name: example.org, account: main, colour: red}\r");
  EXPECT_THAT(LoadErrors(),
              ::testing::Contains(::testing::StartsWith("a.yaml:4:42: Zone/z: spec.colour: unknown field")));
}

TEST_F(LineBreakTest, BlockScalarsKeepOnlyNewlines) {
  std::string text = "a\r\nb\rc\n\r\n";
  NormalizeLineBreaks(text);
  EXPECT_EQ(text, "a\nb\nc\n\n");
}

}  // namespace
}  // namespace edgecert::manifests::testing
