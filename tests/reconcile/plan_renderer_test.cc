#include "reconcile/plan_renderer.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

Plan SamplePlan() {
  Plan plan;
  plan.changes.push_back({"CertificatePack", "www", "example.com", "", ChangeType::kCreate, {}, "not found remotely"});
  plan.changes.push_back({"CertificatePack", "api", "example.com", "0123456789abcdef0123456789abcdef",
                          ChangeType::kReplace,
                          {{"hosts", "api.example.com,example.com", "api.example.com,example.com,v2.example.com"}},
                          "hosts changed"});
  plan.changes.push_back({"UniversalSSL", "example-com", "example.com", "", ChangeType::kUpdate,
                          {{"enabled", "false", "true"}}, "settings differ"});
  plan.changes.push_back({"Zone", "example-com", "", "", ChangeType::kNoOp, {}, ""});
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
  EXPECT_NE(text.find("Plan: 1 to create, 1 to update, 1 to replace, 0 to delete, 0 to adopt, 1 unchanged. "
                      "1 deletion(s) held back."),
            std::string::npos);
}

TEST(PlanRendererTest, EmptyPlanSaysNoChanges) {
  Plan plan;
  plan.changes.push_back({"Zone", "z", "", "", ChangeType::kNoOp, {}, ""});
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

TEST(PlanRendererTest, MarkdownEscapesTableBreakers) {
  Plan plan;
  plan.changes.push_back({"CustomHostname", "a|b", "example.com", "", ChangeType::kCreate, {}, "x`y"});
  std::string md = RenderPlan(plan, PlanFormat::kMarkdown);
  EXPECT_NE(md.find("a\\|b"), std::string::npos) << md;
  EXPECT_NE(md.find("x\\`y"), std::string::npos);
  EXPECT_NE(md.find("| change | kind | name | zone | details |"), std::string::npos);
}

}  // namespace
}  // namespace edgecert::reconcile
