// A txt-validated pack applied against the emulator: its DNSEndpoint and zone fragment appear while it
// is pending_validation and go once it is active (the records directory fed by the real status board).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "dcv/records_directory.h"
#include "reconcile/kinds/reconciler_registry.h"
#include "tests/fakes/reconcile_harness.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::testing {
namespace {

TEST(DnsRecordsE2eTest, RecordsAppearWhilePendingAndGoAtActive) {
  ReconcileHarness h;
  h.WriteFile("manifests.yaml", ReconcileHarness::ScopesYaml() + R"(---
apiVersion: edgecert.dev/v1
kind: CertificatePack
metadata:
  name: www-example-com
spec:
  zone: example-com
  hosts: [example.com, www.example.com]
  certificateAuthority: google
  validityDays: 90
  validationMethod: txt
)");
  ASSERT_TRUE(h.LoadManifests().ok());
  TempDir out;
  dcv::DnsRecordsDirectory records(out.path());
  auto reconcilers = reconcile::MakeReconcilers();
  reconcile::Reconciler* packs = nullptr;
  for (const auto& r : reconcilers) {
    if (r->kind() == manifests::Kind::kCertificatePack) packs = r.get();
  }
  ASSERT_NE(packs, nullptr);
  const auto endpoint = out.path() / "certificatepack-www-example-com.yaml";
  const auto fragment = out.path() / "example-com.zone";

  bool seen_pending = false;
  for (int step = 0; step < 40; ++step) {
    h.NewPass();
    auto ctx = h.Context();
    auto result = packs->Reconcile("www-example-com", ctx);
    ASSERT_TRUE(records.Sync(h.status().All()).ok());
    const auto status = h.status().Get({manifests::Kind::kCertificatePack, "www-example-com"});
    ASSERT_TRUE(status);
    if (status->remote_status == "pending_validation" && !status->validation_records.empty()) {
      seen_pending = true;
      ASSERT_TRUE(std::filesystem::exists(endpoint));
      ASSERT_TRUE(std::filesystem::exists(fragment));
      std::ifstream in(endpoint);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      for (const auto& r : status->validation_records) {
        if (r.type == "txt") {
          EXPECT_NE(text.find(r.value), std::string::npos) << text;
        }
      }
    }
    if (result.action() == reconcile::ReconcileResult::Action::kDone) break;
    ASSERT_EQ(result.action(), reconcile::ReconcileResult::Action::kRequeueAfter);
    h.Advance(result.after());
  }
  EXPECT_TRUE(seen_pending);
  EXPECT_EQ(h.status().Get({manifests::Kind::kCertificatePack, "www-example-com"})->remote_status, "active");
  EXPECT_FALSE(std::filesystem::exists(endpoint));
  EXPECT_FALSE(std::filesystem::exists(fragment));
}

}  // namespace
}  // namespace edgecert::testing
