// What the import tests share: a ReconcileHarness (emulator over HTTP), a temp output dir, and a plan
// of an imported tree made with the reconcilers against a chosen inventory.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "importer/importer.h"
#include "manifests/manifest_loader.h"
#include "reconcile/kinds/reconciler_registry.h"
#include "reconcile/plan_renderer.h"
#include "reconcile/planner.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {

inline std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ImportTest : public ::testing::Test {
 protected:
  ImportTest() : reconcilers_(reconcile::MakeReconcilers()) {}

  Result<importer::ImportedTree> Import(const std::filesystem::path& out, reconcile::Inventory& inventory,
                                        bool force = false) {
    importer::ImportOptions options;
    options.scope.zones = {"example.com", "example.net"};
    options.out_dir = out;
    options.force = force;
    return importer::RunImport(h_.client(), inventory, options);
  }

  // Loads `dir` as `edgecert validate` does; fails the test with every error when it does not load.
  std::shared_ptr<const manifests::DesiredState> Load(const std::filesystem::path& dir) {
    manifests::ManifestLoad load = manifests::ManifestLoader(h_.clock()).Load(dir);
    std::string errors;
    for (const auto& e : load.errors) errors += e.Format() + "\n";
    EXPECT_TRUE(load.ok()) << errors;
    return load.state;
  }

  // What `edgecert plan` would say about `desired` with `inventory`.
  reconcile::Plan PlanOf(const manifests::DesiredState& desired, reconcile::Inventory& inventory) {
    h_.NewPass();
    reconcile::ScopeDirectory scopes(h_.client());
    reconcile::ObjectStatusBoard status;
    reconcile::ReconcileContext ctx{desired, h_.client(), h_.actual(), scopes,      inventory,
                                    status,  h_.clock(),  h_.logger(), h_.options()};
    return reconcile::Planner(reconcilers_).Make(ctx, {});
  }

  static std::string Render(const reconcile::Plan& plan) {
    return reconcile::RenderPlan(plan, reconcile::PlanFormat::kText);
  }

  ReconcileHarness h_;
  std::vector<std::unique_ptr<reconcile::Reconciler>> reconcilers_;
  TempDir out_;
};

}  // namespace edgecert::testing
