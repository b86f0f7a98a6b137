// The kind table (manifests/kind.h) is the one place that says what each kind is: every kind has a
// name that reads back as itself, the reconciled kinds have the ranks the reconcilers and the queue
// use, and the facts code used to spell as string comparisons (validation records, scope) are there.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "manifests/kind.h"
#include "reconcile/kinds/reconciler_registry.h"
#include "reconcile/queue_keys.h"

namespace edgecert::reconcile {
namespace {

using manifests::Kind;
using manifests::KindScope;

TEST(KindTableTest, EveryKindHasItsRowAndANameThatReadsBack) {
  std::set<std::string> names;
  for (Kind kind : manifests::AllKinds()) {
    const manifests::KindFacts& facts = manifests::FactsOf(kind);
    EXPECT_EQ(facts.kind, kind);
    EXPECT_FALSE(facts.name.empty());
    EXPECT_EQ(manifests::KindFromName(facts.name), kind) << facts.name;
    names.insert(std::string(facts.name));
  }
  EXPECT_EQ(names.size(), static_cast<std::size_t>(manifests::kKindCount));
  // The manifest spellings, which inventories, saved plans and /status carry.
  EXPECT_EQ(manifests::KindName(Kind::kMtlsCertificate), "MTLSCertificate");
  EXPECT_EQ(manifests::KindName(Kind::kCustomCsr), "CustomCSR");
  EXPECT_EQ(manifests::KindName(Kind::kUniversalSsl), "UniversalSSL");
  EXPECT_FALSE(manifests::KindFromName("certificatepack").has_value());  // case matters, as in manifests
  EXPECT_FALSE(manifests::KindFromName("").has_value());
  EXPECT_FALSE(ParseKindName("Bucket").ok());
  EXPECT_EQ(ParseKindName("CustomHostname").value(), Kind::kCustomHostname);
}

TEST(KindTableTest, ReconcilersAreMadeInApplyRankOrderAndAccountsAndZonesAreNotReconciled) {
  const auto reconcilers = MakeReconcilers();
  ASSERT_EQ(reconcilers.size(), static_cast<std::size_t>(manifests::kReconciledKindCount));
  for (std::size_t i = 0; i < reconcilers.size(); ++i) {
    EXPECT_EQ(manifests::FactsOf(reconcilers[i]->kind()).apply_rank, static_cast<int>(i));
    EXPECT_EQ(manifests::KindsInApplyOrder()[i], reconcilers[i]->kind());
  }
  for (Kind kind : manifests::AllKinds()) {
    auto reconciler = MakeReconciler(kind);
    EXPECT_EQ(reconciler != nullptr, manifests::IsReconciled(kind)) << manifests::KindName(kind);
    if (reconciler) {
      EXPECT_EQ(reconciler->kind(), kind);
    }
  }
  EXPECT_FALSE(manifests::IsReconciled(Kind::kAccount));
  EXPECT_FALSE(manifests::IsReconciled(Kind::kZone));
  // Dependencies: a CA before the associations naming it, a CSR before the hostnames using it.
  EXPECT_LT(manifests::FactsOf(Kind::kMtlsCertificate).apply_rank,
            manifests::FactsOf(Kind::kHostnameAssociation).apply_rank);
  EXPECT_LT(manifests::FactsOf(Kind::kCustomCsr).apply_rank, manifests::FactsOf(Kind::kCustomHostname).apply_rank);
}

TEST(KindTableTest, QueueKeysFollowTheTableRanks) {
  // Applies in rank order, deletes in reverse: every pair of reconciled kinds.
  for (Kind a : manifests::KindsInApplyOrder()) {
    for (Kind b : manifests::KindsInApplyOrder()) {
      if (manifests::FactsOf(a).apply_rank >= manifests::FactsOf(b).apply_rank) continue;
      EXPECT_LT(ApplyQueueKey({a, "z"}), ApplyQueueKey({b, "a"}));
      EXPECT_GT(DeleteQueueKey({a, "a"}), DeleteQueueKey({b, "z"}));
      EXPECT_LT(ApplyQueueKey({b, "z"}), DeleteQueueKey({b, "a"}));  // every apply before any delete
    }
  }
}

TEST(KindTableTest, FactsOnceSpelledAsStringComparisons) {
  for (Kind kind : manifests::AllKinds()) {
    const bool dcv = kind == Kind::kCertificatePack || kind == Kind::kCustomHostname;
    EXPECT_EQ(manifests::FactsOf(kind).validation_records, dcv) << manifests::KindName(kind);
  }
  EXPECT_EQ(manifests::FactsOf(Kind::kMtlsCertificate).scope, KindScope::kAccount);
  EXPECT_EQ(manifests::FactsOf(Kind::kZone).scope, KindScope::kAccount);
  EXPECT_EQ(manifests::FactsOf(Kind::kAccount).scope, KindScope::kNone);
  EXPECT_EQ(manifests::FactsOf(Kind::kCertificatePack).scope, KindScope::kZone);
}

}  // namespace
}  // namespace edgecert::reconcile
