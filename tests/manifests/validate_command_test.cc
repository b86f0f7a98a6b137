// `edgecert validate` run as a process: exit 0 on the examples, exit 1 with parseable JSON on a bad dir.
#include <cpprest/json.h>
#include <gmock/gmock.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/manifests/manifest_fixture.h"

namespace edgecert::manifests::testing {
namespace {

using ::testing::HasSubstr;

struct ProcessResult {
  int exit_code = -1;
  std::string output;
};

ProcessResult RunEdgecert(const std::string& args) {
  const char* binary = std::getenv("EDGECERT_BINARY");
  std::string command = std::string(binary ? binary : EDGECERT_BINARY_PATH) + " " + args + " 2>&1";
  ProcessResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string Examples() {
  const char* source = std::getenv("EDGECERT_SOURCE_DIR");
  return std::string(source ? source : EDGECERT_SOURCE_DIR_PATH) + "/manifests/examples";
}

TEST(ValidateCommandTest, ExamplesAreValid) {
  ProcessResult r = RunEdgecert("validate " + Examples());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr(": valid, 14 objects in 8 files"));
  EXPECT_THAT(r.output, HasSubstr("CertificatePack       4    api-example-com, example-net, wildcard-example-com, "
                                  "www-example-com"));
  EXPECT_THAT(r.output, HasSubstr("snapshot sha256:"));
}

TEST(ValidateCommandTest, ExamplesAsJson) {
  ProcessResult r = RunEdgecert("validate --output json " + Examples());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  web::json::value v = web::json::value::parse(r.output);
  EXPECT_TRUE(v.at("valid").as_bool());
  EXPECT_EQ(v.at("objects").at("Zone").as_array().size(), 2u);
  EXPECT_EQ(v.at("hash").as_string().size(), std::string("sha256:").size() + 64);
}

TEST(ValidateCommandTest, BadDirectoryListsEveryErrorAndExitsOne) {
  TempDir dir;
  dir.Write("a.yaml", std::string(kBase) +
                          "---\napiVersion: edgecert.dev/v1\nkind: Zone\nmetadata: {name: z}\n"
                          "spec: {name: example.org, account: nobody, colour: red}\n");
  ProcessResult text = RunEdgecert("validate " + dir.path().string());
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_THAT(text.output, HasSubstr("a.yaml:14:36: Zone/z: spec.account: Account \"nobody\" is not defined"));
  EXPECT_THAT(text.output, HasSubstr("a.yaml:14:44: Zone/z: spec.colour: unknown field"));
  EXPECT_THAT(text.output, HasSubstr("edgecert validate: 2 errors in "));

  ProcessResult json = RunEdgecert("validate -o json " + dir.path().string());
  EXPECT_EQ(json.exit_code, 1);
  web::json::value v = web::json::value::parse(json.output);
  EXPECT_FALSE(v.at("valid").as_bool());
  const auto& errors = v.at("errors").as_array();
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors.at(0).at("line").as_integer(), 14);
  EXPECT_EQ(errors.at(0).at("column").as_integer(), 36);
  EXPECT_EQ(errors.at(0).at("kind").as_string(), "Zone");
  EXPECT_EQ(errors.at(0).at("name").as_string(), "z");
}

TEST(ValidateCommandTest, UnknownOutputFormatIsAUsageError) {
  ProcessResult r = RunEdgecert("validate -o yaml " + Examples());
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.exit_code, 1);
}

TEST(SchemaCommandTest, ShippedSchemaIsTheCommandsOutput) {
  ProcessResult r = RunEdgecert("schema");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const char* source = std::getenv("EDGECERT_SOURCE_DIR");
  std::ifstream in(std::string(source ? source : EDGECERT_SOURCE_DIR_PATH) + "/manifests/schema/edgecert.schema.json");
  std::stringstream shipped;
  shipped << in.rdbuf();
  EXPECT_EQ(r.output, shipped.str())
      << "manifests/schema/edgecert.schema.json is stale: regenerate it with edgecert schema > "
         "manifests/schema/edgecert.schema.json";
}

TEST(SchemaCommandTest, EveryKindHasADefinitionChosenByKind) {
  ProcessResult r = RunEdgecert("schema");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  web::json::value schema = web::json::value::parse(r.output);
  EXPECT_EQ(schema.at("$schema").as_string(), "https://json-schema.org/draft/2020-12/schema");
  EXPECT_EQ(schema.at("allOf").size(), static_cast<std::size_t>(kKindCount));
  for (int k = 0; k < kKindCount; ++k) {
    const std::string kind(KindName(static_cast<Kind>(k)));
    EXPECT_TRUE(schema.at("$defs").has_field(kind)) << kind;
    EXPECT_FALSE(schema.at("$defs").at(kind).at("additionalProperties").as_bool()) << kind;
  }
  const web::json::value& pack = schema.at("$defs").at("CertificatePack").at("properties");
  EXPECT_EQ(pack.at("validityDays").at("enum").size(), 4u);
  EXPECT_EQ(pack.at("hosts").at("maxItems").as_integer(), 50);
}

TEST(ExplainCommandTest, PrintsAFieldAndRefusesAnUnknownOne) {
  ProcessResult field = RunEdgecert("explain CertificatePack.validityDays");
  EXPECT_EQ(field.exit_code, 0) << field.output;
  EXPECT_THAT(field.output, HasSubstr("ALLOWED:  14, 30, 90, 365"));
  ProcessResult unknown = RunEdgecert("explain CertificatePack.hots");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.output;
  EXPECT_THAT(unknown.output, HasSubstr("did you mean \"hosts\"?"));
}

}  // namespace
}  // namespace edgecert::manifests::testing
