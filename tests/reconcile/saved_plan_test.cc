#include "reconcile/saved_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace edgecert::reconcile {
namespace {

using ::testing::HasSubstr;

Plan OnePack(const std::string& status) {
  Plan plan;
  plan.changes.push_back({manifests::Kind::kCertificatePack,
                          "www",
                          "example-com",
                          "p1",
                          ChangeType::kUpdate,
                          {{"cloudflare_branding", "false", "true"}},
                          "changed in place (" + status + ")"});
  return plan;
}

TEST(SavedPlanTest, RoundTripsItsHeader) {
  SavedPlanHeader header{"/srv/manifests", "abc", PlanFingerprint(OnePack("active")), {3, true}};
  const std::string text = SerializeSavedPlan(header, OnePack("active"));
  EXPECT_THAT(text, HasSubstr("\"format_version\":1"));
  EXPECT_THAT(text, HasSubstr("\"plan\":{"));
  auto parsed = ParseSavedPlan(text);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->manifest_dir, "/srv/manifests");
  EXPECT_EQ(parsed->desired_hash, "abc");
  EXPECT_EQ(parsed->fingerprint, header.fingerprint);
  EXPECT_EQ(parsed->prune.max_deletions, 3u);
  EXPECT_TRUE(parsed->prune.allow_empty);
}

TEST(SavedPlanTest, RefusesWhatIsNotASavedPlan) {
  EXPECT_THAT(ParseSavedPlan("apiVersion: edgecert.dev/v1").status().message(), HasSubstr("not JSON"));
  EXPECT_THAT(ParseSavedPlan("{\"changes\":[]}").status().message(), HasSubstr("format_version"));
  EXPECT_THAT(ParseSavedPlan("{\"format_version\":2}").status().message(), HasSubstr("format version 2"));
  EXPECT_THAT(ParseSavedPlan("{\"format_version\":1,\"manifest_dir\":\"/m\"}").status().message(),
              HasSubstr("desired_hash"));
}

// Terraform's stale-plan rule: the manifests or what the plan read of the remote state changed.
TEST(SavedPlanTest, StaleWhenTheManifestsOrTheRemoteStateChanged) {
  const SavedPlanHeader saved{"/m", "hash-1", PlanFingerprint(OnePack("active")), {}};
  EXPECT_TRUE(CheckSavedPlan(saved, "hash-1", OnePack("active")).ok());
  Status manifests = CheckSavedPlan(saved, "hash-2", OnePack("active"));
  EXPECT_EQ(manifests.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(manifests.message(), HasSubstr("manifests in /m changed"));
  EXPECT_THAT(manifests.message(), HasSubstr("nothing was applied"));
  Status remote = CheckSavedPlan(saved, "hash-1", OnePack("pending_validation"));
  EXPECT_EQ(remote.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(remote.message(), HasSubstr("remote state or the inventory changed"));
  Plan held = OnePack("active");
  held.held_back.push_back("CertificatePack/old: over --max-deletions");
  EXPECT_FALSE(CheckSavedPlan(saved, "hash-1", held).ok());
}

TEST(SavedPlanTest, FingerprintSeparatesValues) {
  Plan a;
  a.changes.push_back({manifests::Kind::kCertificatePack, "ab", "", "", ChangeType::kCreate, {}, "c"});
  Plan b;
  b.changes.push_back({manifests::Kind::kCertificatePack, "a", "", "", ChangeType::kCreate, {}, "bc"});
  EXPECT_NE(PlanFingerprint(a), PlanFingerprint(b));
}

// A saved plan stores this fingerprint; `apply FILE` replans and compares. Kinds are spelled into it
// by name, so plans saved before kinds were a type still match the same plan made now.
TEST(SavedPlanTest, FingerprintIsTheOneSavedPlansHave) {
  Plan plan;
  plan.changes.push_back({manifests::Kind::kCertificatePack,
                          "www",
                          "example-com",
                          "",
                          ChangeType::kCreate,
                          {{"hosts", "", "www.example.com"}},
                          "not in the zone"});
  plan.changes.push_back({manifests::Kind::kMtlsCertificate,
                          "old-ca",
                          "Emulator Account",
                          "3f2a",
                          ChangeType::kDelete,
                          {},
                          "left the manifests"});
  plan.held_back.push_back("Pack/x: too many");
  EXPECT_EQ(PlanFingerprint(plan), "dcefa61a76df97f9d1560030f91e4810ade1a0959842dd4fbca12dfea8a579e3");
}

}  // namespace
}  // namespace edgecert::reconcile
