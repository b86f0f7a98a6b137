// Helpers of the per-kind end-to-end tests: drive one reconciler until it settles on the harness's
// fake clock (never sleeping), count the writes the emulator recorded, and make test certificates.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "crypto/x509.h"
#include "reconcile/reconciler.h"
#include "tests/fakes/reconcile_harness.h"

namespace edgecert::testing {

// Reconciles `name` in fresh passes until Done or Failed, advancing the fake clock by each requeue's
// delay; gives up after `max_steps`.
inline reconcile::ReconcileResult Converge(reconcile::Reconciler& reconciler, const std::string& name,
                                           ReconcileHarness& h, int max_steps = 30) {
  for (int step = 0;; ++step) {
    h.NewPass();
    auto ctx = h.Context();
    reconcile::ReconcileResult result = reconciler.Reconcile(name, ctx);
    if (step >= max_steps || result.action() == reconcile::ReconcileResult::Action::kDone ||
        result.action() == reconcile::ReconcileResult::Action::kFailed) {
      return result;
    }
    if (result.action() == reconcile::ReconcileResult::Action::kRequeueAfter) h.Advance(result.after());
  }
}

inline reconcile::PlannedChange PlanOf(reconcile::Reconciler& reconciler, const std::string& name,
                                       ReconcileHarness& h) {
  h.NewPass();
  auto ctx = h.Context();
  auto plan = reconciler.Plan(name, ctx);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? *plan : reconcile::PlannedChange{};
}

// Writes (anything but GET) the client sent since the counter was last reset.
inline int Writes(ReconcileHarness& h) {
  return h.requests().Total() - h.requests().CountMethod("GET");
}

// The emulator history entries of one kind after `since`, as "action id" strings.
inline std::vector<std::string> Changes(ReconcileHarness& h, std::uint64_t since, const std::string& kind) {
  std::vector<std::string> out;
  auto history = h.History(since, kind);
  for (std::size_t i = 0; i < history.size(); ++i) {
    out.push_back(history.at(i).at("action").as_string() + " " + history.at(i).at("id").as_string());
  }
  return out;
}

inline crypto::DistinguishedName Subject(const std::string& common_name) {
  crypto::DistinguishedName subject;
  subject.country = "US";
  subject.state = "California";
  subject.locality = "San Francisco";
  subject.organization = "Example Inc";
  subject.common_name = common_name;
  return subject;
}

// A CA valid around the harness's fake clock.
inline crypto::CertificateAuthority TestCa(ReconcileHarness& h, const std::string& common_name) {
  auto ca = crypto::CreateSelfSignedCa(Subject(common_name), crypto::KeyType::kP256,
                                       std::chrono::time_point_cast<std::chrono::system_clock::duration>(
                                           h.clock().Now() - std::chrono::hours(24)),
                                       std::chrono::hours(24 * 365 * 5));
  EXPECT_TRUE(ca.ok()) << ca.status().ToString();
  return std::move(ca).value();
}

inline std::string TestCsr(const std::string& common_name) {
  auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
  EXPECT_TRUE(key.ok());
  auto csr = crypto::CreateCsr(*key, Subject(common_name), {common_name});
  EXPECT_TRUE(csr.ok()) << csr.status().ToString();
  return *csr;
}

inline void LoadOrFail(ReconcileHarness& h) {
  auto load = h.LoadManifests();
  std::string errors;
  for (const auto& e : load.errors) errors += e.Format() + "\n";
  ASSERT_TRUE(load.ok()) << errors;
}

}  // namespace edgecert::testing
