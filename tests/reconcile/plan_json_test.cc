// The streamed JSON plan against the cpprestsdk document it replaced: the same bytes, so tools reading
// `plan -o json` see no difference; and it parses back to the same values.
#include "reconcile/plan_json.h"

#include <cpprest/json.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "common/json_string.h"

namespace edgecert::reconcile {
namespace {

using manifests::Kind;
using web::json::value;

// The former renderer, kept as the reference: the plan built as one cpprestsdk tree, then serialized.
value ReferenceTypedValue(const std::string& field, const std::string& text) {
  if (text.empty()) return value::null();
  if (field == "hosts" || field == "hostnames") {
    value list = value::array();
    std::size_t i = 0;
    for (std::size_t start = 0; start <= text.size();) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      list[i++] = value::string(text.substr(start, end - start));
      start = end + 1;
    }
    return list;
  }
  if (text == "true" || text == "false") return value::boolean(text == "true");
  if (text.size() < 10 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return value::number(std::stoi(text));
  }
  return value::string(text);
}

std::string ReferenceJson(const Plan& plan) {
  value root = value::object(true);
  root["format_version"] = value::number(kPlanJsonFormatVersion);
  value changes = value::array();
  std::size_t i = 0;
  for (const auto& c : plan.changes) {
    value v = value::object(true);
    v["action"] = value::string(std::string(ChangeTypeName(c.type)));
    v["kind"] = value::string(std::string(manifests::KindName(c.kind)));
    v["name"] = value::string(c.name);
    v["zone"] = c.zone.empty() ? value::null() : value::string(c.zone);
    v["remote_id"] = c.remote_id.empty() ? value::null() : value::string(c.remote_id);
    v["reason"] = value::string(c.reason);
    value fields = value::array();
    std::size_t j = 0;
    for (const auto& f : c.fields) {
      value fv = value::object(true);
      fv["field"] = value::string(f.field);
      fv["before"] = ReferenceTypedValue(f.field, f.before);
      fv["after"] = ReferenceTypedValue(f.field, f.after);
      fields[j++] = fv;
    }
    v["fields"] = fields;
    changes[i++] = v;
  }
  root["changes"] = changes;
  auto strings = [](const std::vector<std::string>& in) {
    value a = value::array();
    for (std::size_t k = 0; k < in.size(); ++k) a[k] = value::string(in[k]);
    return a;
  };
  root["held_back"] = strings(plan.held_back);
  root["errors"] = strings(plan.errors);
  value summary = value::object(true);
  for (ChangeType t :
       {ChangeType::kCreate, ChangeType::kUpdate, ChangeType::kReplace, ChangeType::kDelete, ChangeType::kAdopt,
        ChangeType::kAdoptAndUpdate, ChangeType::kAdoptAndReplace, ChangeType::kForget, ChangeType::kConflict}) {
    summary[std::string(ChangeTypeName(t))] = value::number(static_cast<uint64_t>(plan.Count(t)));
  }
  summary["held_back"] = value::number(static_cast<uint64_t>(plan.held_back.size()));
  summary["no-op"] = value::number(static_cast<uint64_t>(plan.Count(ChangeType::kNoOp)));
  summary["errors"] = value::number(static_cast<uint64_t>(plan.errors.size()));
  root["summary"] = summary;
  root["has_changes"] = value::boolean(plan.HasChanges());
  root["pending"] = value::boolean(plan.Pending());
  return root.serialize() + "\n";
}

std::string Streamed(const Plan& plan) {
  std::ostringstream out;
  WritePlanJson(plan, out);
  return out.str();
}

// Every action, typed field values of each shape, and strings that need escaping.
Plan MixedPlan() {
  Plan plan;
  plan.changes.push_back({Kind::kCertificatePack,
                          "www",
                          "example.com",
                          "",
                          ChangeType::kCreate,
                          {{"hosts", "", "example.com,www.example.com"}, {"validityDays", "", "90"}},
                          "not found remotely"});
  plan.changes.push_back({Kind::kCertificatePack,
                          "api",
                          "example.com",
                          "0123456789abcdef",
                          ChangeType::kReplace,
                          {{"hosts", "a.example.com,", "a.example.com,b.example.com"}, {"validityDays", "007", "0"}},
                          "hosts changed"});
  plan.changes.push_back({Kind::kUniversalSsl,
                          "u",
                          "example.com",
                          "",
                          ChangeType::kUpdate,
                          {{"enabled", "false", "true"}, {"serial", "1234567890", "12345678901"}},
                          ""});
  plan.changes.push_back({Kind::kCustomHostname,
                          "quote\"back\\slash",
                          "zone \t\n\r\b\f",
                          "id",
                          ChangeType::kAdoptAndUpdate,
                          {{"customMetadata.team", std::string("a\x01z\x1f", 4), "caf\xc3\xa9 \xe2\x86\x92"}},
                          "reason with \"quotes\""});
  plan.changes.push_back({Kind::kMtlsCertificate, "m", "", "r1", ChangeType::kDelete, {}, "left the manifests"});
  plan.changes.push_back({Kind::kCustomCsr, "c", "example.com", "r2", ChangeType::kForget, {}, "orphan"});
  plan.changes.push_back({Kind::kCertificatePack, "x", "example.com", "r3", ChangeType::kConflict, {}, "differs"});
  plan.changes.push_back({Kind::kHostnameAssociation, "h", "example.com", "", ChangeType::kAdopt, {}, ""});
  plan.changes.push_back({Kind::kCertificatePack, "y", "example.com", "r4", ChangeType::kAdoptAndReplace, {}, ""});
  plan.changes.push_back({Kind::kZone, "example-com", "", "", ChangeType::kNoOp, {}, ""});
  plan.held_back.push_back("CertificatePack/old (example.com): --max-deletions 0 reached");
  plan.errors.push_back("CertificatePack/z: API said \"no\"");
  return plan;
}

TEST(PlanJsonTest, StreamedBytesEqualTheFormerDocument) {
  const Plan plan = MixedPlan();
  EXPECT_EQ(Streamed(plan), ReferenceJson(plan));
}

TEST(PlanJsonTest, EmptyPlanEqualsTheFormerDocument) { EXPECT_EQ(Streamed(Plan{}), ReferenceJson(Plan{})); }

TEST(PlanJsonTest, StreamedJsonParsesToTheFormerValues) {
  const Plan plan = MixedPlan();
  const value streamed = value::parse(Streamed(plan));
  EXPECT_EQ(streamed, value::parse(ReferenceJson(plan)));
  EXPECT_EQ(streamed.at("changes").size(), plan.changes.size());
  EXPECT_EQ(streamed.at("changes").at(3).at("name").as_string(), "quote\"back\\slash");
  EXPECT_EQ(streamed.at("changes").at(3).at("fields").at(0).at("before").as_string(), std::string("a\x01z\x1f", 4));
  EXPECT_EQ(streamed.at("changes").at(1).at("fields").at(1).at("before").as_integer(), 7);
  EXPECT_TRUE(streamed.at("changes").at(4).at("zone").is_null());
  EXPECT_EQ(streamed.at("summary").at("errors").as_integer(), 1);
}

TEST(JsonStringTest, EveryControlCharacterIsEscapedAsCpprestDoes) {
  std::string all;
  for (int c = 0; c < 128; ++c) all += static_cast<char>(c);
  all += "\xc3\xa9\xf0\x9f\x94\x92";
  std::string streamed;
  AppendJsonString(streamed, all);
  EXPECT_EQ(streamed, value::string(all).serialize());
}

}  // namespace
}  // namespace edgecert::reconcile
