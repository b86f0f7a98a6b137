// A ReconcileHarness plus the real reconcilers, planner and apply loop, with helpers that write pack
// manifests and run plan/apply the way the commands do.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reconcile/apply_run.h"
#include "reconcile/kinds/reconciler_registry.h"
#include "reconcile/planner.h"
#include "tests/fakes/reconcile_harness.h"

namespace edgecert::testing {

struct PackSpec {
  PackSpec(std::string n, std::vector<std::string> h, std::string c = "lets_encrypt", int v = 90, std::string m = "txt",
           std::string e = "", std::string z = "example-com")
      : name(std::move(n)),
        hosts(std::move(h)),
        ca(std::move(c)),
        validity(v),
        method(std::move(m)),
        extra(std::move(e)),
        zone(std::move(z)) {}
  std::string name;
  std::vector<std::string> hosts;
  std::string ca;
  int validity;
  std::string method;
  std::string extra;  // more spec lines, e.g. "  cloudflareBranding: true\n"
  std::string zone;
};

inline std::string PackYaml(const PackSpec& p) {
  std::string hosts;
  for (const auto& h : p.hosts) hosts += (hosts.empty() ? "" : ", ") + std::string("\"") + h + "\"";
  return "apiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata:\n  name: " + p.name +
         "\nspec:\n  zone: " + p.zone + "\n  hosts: [" + hosts + "]\n  certificateAuthority: " + p.ca +
         "\n  validityDays: " + std::to_string(p.validity) + "\n  validationMethod: " + p.method + "\n" + p.extra;
}

class CoreTest : public ::testing::Test {
 protected:
  CoreTest() : reconcilers_(reconcile::MakeReconcilers()) {}

  void WritePacks(const std::vector<PackSpec>& packs) {
    std::string text = ReconcileHarness::ScopesYaml();
    for (const auto& p : packs) text += "---\n" + PackYaml(p);
    h_.WriteFile("manifests.yaml", text);
    auto load = h_.LoadManifests();
    ASSERT_TRUE(load.ok()) << (load.errors.empty() ? "" : load.errors.front().message);
  }

  reconcile::Plan MakePlan(reconcile::PlanOptions options = {}) {
    h_.NewPass();
    auto ctx = h_.Context();
    return reconcile::Planner(reconcilers_).Make(ctx, options);
  }

  reconcile::ApplyOutcome Apply(reconcile::RunMode mode = reconcile::RunMode::kOnce,
                                reconcile::ApplyOptions options = {}) {
    h_.NewPass();
    options.mode = mode;
    options.wait = reconcile::WaitMode::kSimulated;
    auto ctx = h_.Context();
    reconcile::ApplyRun run(reconcilers_, [this](std::string_view line) { lines_.emplace_back(line); });
    return run.Run(ctx, options);
  }

  int Writes(std::uint64_t since) { return static_cast<int>(h_.History(since).size()); }

  std::vector<web::json::value> LivePacks(const std::string& apex = "example.com") {
    std::vector<web::json::value> out;
    for (auto& p : h_.Packs(apex)) {
      if (p.at("status").as_string() != "deleted") out.push_back(p);
    }
    return out;
  }

  ReconcileHarness h_;
  std::vector<std::unique_ptr<reconcile::Reconciler>> reconcilers_;
  std::vector<std::string> lines_;
};

}  // namespace edgecert::testing
