#include "reconcile/plan_renderer.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

Plan SamplePlan() {
  Plan plan;
  plan.changes.push_back(
      {manifests::Kind::kCertificatePack, "www", "example.com", "", ChangeType::kCreate, {}, "not found remotely"});
  plan.changes.push_back({manifests::Kind::kCertificatePack,
                          "api",
                          "example.com",
                          "0123456789abcdef0123456789abcdef",
                          ChangeType::kReplace,
                          {{"hosts", "api.example.com,example.com", "api.example.com,example.com,v2.example.com"}},
                          "hosts changed"});
  plan.changes.push_back({manifests::Kind::kUniversalSsl,
                          "example-com",
                          "example.com",
                          "",
                          ChangeType::kUpdate,
                          {{"enabled", "false", "true"}},
                          "settings differ"});
  plan.changes.push_back({manifests::Kind::kZone, "example-com", "", "", ChangeType::kNoOp, {}, ""});
  plan.held_back.push_back("CertificatePack/old (example.com): --max-deletions 0 reached");
  return plan;
}

TEST(PlanRendererTest, TextShowsSymbolsFieldsAndSummary) {
  std::string text = RenderPlan(SamplePlan(), PlanFormat::kText);
  EXPECT_NE(text.find("+ create CertificatePack/www (example.com): not found remotely"), std::string::npos) << text;
  EXPECT_NE(text.find("-/+ replace CertificatePack/api (example.com) [0123456789abcdef0123456789abcdef]"),
            std::string::npos);
  EXPECT_NE(text.find("hosts: api.example.com,example.com -> api.example.com,example.com,v2.example.com"),
            std::string::npos);
  EXPECT_NE(text.find("~ update UniversalSSL/example-com"), std::string::npos);
  EXPECT_EQ(text.find("Zone/example-com"), std::string::npos) << "no-ops are only counted";
  EXPECT_NE(text.find("! held back: CertificatePack/old"), std::string::npos);
  EXPECT_NE(text.find("Plan: 1 to create, 1 to update, 1 to replace, 0 to delete, 0 to adopt, 0 to adopt and "
                      "update, 0 to adopt and replace, 0 to forget, 1 held back, 0 conflict(s), 1 unchanged."),
            std::string::npos)
      << text;
}

TEST(PlanRendererTest, ColourMarksTheChangesOnlyWhenTheStyleIsOn) {
  const TerminalStyle colour = TerminalStyle::Decide(ColorMode::kAlways, false, nullptr);
  const std::string text = RenderPlan(SamplePlan(), PlanFormat::kText, colour);
  EXPECT_NE(text.find("\033[32m+ create\033[0m CertificatePack/www"), std::string::npos) << text;
  EXPECT_NE(text.find("\033[33m~ update\033[0m UniversalSSL/example-com"), std::string::npos) << text;
  EXPECT_NE(text.find("\033[31m-/+ replace\033[0m CertificatePack/api"), std::string::npos) << text;
  EXPECT_EQ(RenderPlan(SamplePlan(), PlanFormat::kText).find('\033'), std::string::npos);
  EXPECT_EQ(RenderPlan(SamplePlan(), PlanFormat::kJson, colour).find('\033'), std::string::npos);
  EXPECT_EQ(RenderPlan(SamplePlan(), PlanFormat::kMarkdown, colour).find('\033'), std::string::npos);
}

TEST(PlanRendererTest, EmptyPlanSaysNoChanges) {
  Plan plan;
  plan.changes.push_back({manifests::Kind::kZone, "z", "", "", ChangeType::kNoOp, {}, ""});
  EXPECT_FALSE(plan.HasChanges());
  EXPECT_NE(RenderPlan(plan, PlanFormat::kText).find("No changes."), std::string::npos);
  EXPECT_NE(RenderPlan(plan, PlanFormat::kMarkdown).find("No changes."), std::string::npos);
}

TEST(PlanRendererTest, JsonIsParseableAndComplete) {
  auto v = web::json::value::parse(RenderPlan(SamplePlan(), PlanFormat::kJson));
  ASSERT_EQ(v.at("changes").size(), 4u);
  EXPECT_EQ(v.at("changes").at(1).at("action").as_string(), "replace");
  EXPECT_EQ(v.at("changes").at(1).at("fields").at(0).at("field").as_string(), "hosts");
  EXPECT_TRUE(v.at("changes").at(0).at("remote_id").is_null());
  EXPECT_EQ(v.at("summary").at("create").as_integer(), 1);
  EXPECT_TRUE(v.at("has_changes").as_bool());
  EXPECT_EQ(v.at("held_back").size(), 1u);
}

TEST(PlanRendererTest, JsonValuesAreTyped) {
  auto v = web::json::value::parse(RenderPlan(SamplePlan(), PlanFormat::kJson));
  EXPECT_EQ(v.at("format_version").as_integer(), kPlanJsonFormatVersion);
  const auto& hosts = v.at("changes").at(1).at("fields").at(0);
  ASSERT_TRUE(hosts.at("before").is_array());
  EXPECT_EQ(hosts.at("before").size(), 2u);
  EXPECT_EQ(hosts.at("after").at(2).as_string(), "v2.example.com");
  EXPECT_FALSE(v.at("changes").at(2).at("fields").at(0).at("before").as_bool());
  EXPECT_TRUE(v.at("changes").at(3).at("zone").is_null());
  EXPECT_EQ(v.at("summary").at("held_back").as_integer(), 1);
  EXPECT_TRUE(v.at("pending").as_bool());

  Plan pack;
  pack.changes.push_back({manifests::Kind::kCertificatePack,
                          "www",
                          "example.com",
                          "p1",
                          ChangeType::kConflict,
                          {{"validity_days", "30", "90"}, {"validation_method", "", "txt"}},
                          "differs"});
  auto c = web::json::value::parse(RenderPlan(pack, PlanFormat::kJson));
  EXPECT_EQ(c.at("changes").at(0).at("fields").at(0).at("before").as_integer(), 30);
  EXPECT_TRUE(c.at("changes").at(0).at("fields").at(1).at("before").is_null());
  EXPECT_EQ(c.at("summary").at("conflict").as_integer(), 1);
}

// Everything apply would do, or would leave pending, is shown and counted; none of it is "No changes".
TEST(PlanRendererTest, ForgetHeldBackAndConflictsArePending) {
  Plan plan;
  plan.changes.push_back({manifests::Kind::kCertificatePack,
                          "a",
                          "example.com",
                          "p1",
                          ChangeType::kAdoptAndReplace,
                          {{"validity_days", "30", "90"}},
                          "adopt, then replace"});
  plan.changes.push_back(
      {manifests::Kind::kCertificatePack, "b", "example.com", "p2", ChangeType::kForget, {}, "orphan"});
  plan.changes.push_back(
      {manifests::Kind::kCertificatePack, "c", "example.com", "p3", ChangeType::kConflict, {}, "differs"});
  std::string text = RenderPlan(plan, PlanFormat::kText);
  EXPECT_NE(text.find("=-/+ adopt+replace CertificatePack/a (example.com) [p1]: adopt, then replace"),
            std::string::npos) << text;
  EXPECT_NE(text.find("o forget CertificatePack/b"), std::string::npos) << text;
  EXPECT_NE(text.find("! conflict CertificatePack/c"), std::string::npos) << text;
  EXPECT_NE(text.find("1 to adopt and replace, 1 to forget, 0 held back, 1 conflict(s)"), std::string::npos) << text;
  EXPECT_TRUE(plan.Pending());

  for (ChangeType only : {ChangeType::kForget, ChangeType::kConflict}) {
    Plan one;
    one.changes.push_back({manifests::Kind::kCertificatePack, "x", "example.com", "p", only, {}, ""});
    EXPECT_TRUE(one.Pending()) << ChangeTypeName(only);
    EXPECT_EQ(RenderPlan(one, PlanFormat::kText).find("No changes"), std::string::npos) << ChangeTypeName(only);
  }
  Plan held;
  held.held_back.push_back("CertificatePack/old: over --max-deletions");
  EXPECT_TRUE(held.Pending());
  EXPECT_FALSE(held.HasChanges());
  EXPECT_EQ(RenderPlan(held, PlanFormat::kText).find("No changes"), std::string::npos);
  EXPECT_EQ(RenderPlan(held, PlanFormat::kMarkdown).find("No changes"), std::string::npos);
}

TEST(PlanRendererTest, MarkdownEscapesTableBreakers) {
  Plan plan;
  plan.changes.push_back({manifests::Kind::kCustomHostname, "a|b", "example.com", "", ChangeType::kCreate, {}, "x`y"});
  std::string md = RenderPlan(plan, PlanFormat::kMarkdown);
  EXPECT_NE(md.find("a\\|b"), std::string::npos) << md;
  EXPECT_NE(md.find("x\\`y"), std::string::npos);
  EXPECT_NE(md.find("| change | kind | name | zone | details |"), std::string::npos);
}

}  // namespace
}  // namespace edgecert::reconcile
