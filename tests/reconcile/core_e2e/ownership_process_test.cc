// Ownership seen from the command line, against an `edgecert emulator` process: a manifest file emptied
// by a bad merge is a load error, never a deletion of what edgecert created from it.
#include <set>
#include <string>
#include <vector>

#include "reconcile/state/inventory_record.h"
#include "tests/reconcile/core_e2e/process_fixture.h"

namespace edgecert::testing {
namespace {

class OwnershipProcessTest : public ProcessTest {
 protected:
  // The host sets of the packs the emulator holds that are not deleted, as match keys.
  std::multiset<std::string> LivePacks() {
    std::multiset<std::string> live;
    web::json::value state = EmulatorState();
    for (const auto& [zone_id, zone] : state.at("zones").as_object()) {
      for (const auto& pack : zone.at("certificate_packs").as_array()) {
        if (pack.has_field("status") && pack.at("status").as_string() == "deleted") continue;
        std::vector<std::string> hosts;
        for (const auto& h : pack.at("hosts").as_array()) hosts.push_back(h.as_string());
        live.insert(reconcile::MatchKeyForHosts(hosts));
      }
    }
    return live;
  }

  std::string Dir() { return dir_.manifest_dir().string(); }

  // Calls the emulator's API the way a person with the edit token would (outside edgecert).
  web::json::value Api(const web::http::method& method, const std::string& path,
                       const web::json::value& body = web::json::value::null()) {
    web::http::client::http_client client(api_url_);
    web::http::http_request request(method);
    request.set_request_uri(path);
    request.headers().add("Authorization", "Bearer edgecert-emulator-edit-token");
    if (!body.is_null()) request.set_body(body);
    return client.request(request).get().extract_json().get();
  }

  // Orders a pack by hand, as someone in the dashboard would; returns its id.
  std::string OrderByHand(const std::vector<std::string>& hosts, int validity_days) {
    web::json::value zones = Api(web::http::methods::GET, "/zones?name=example.com");
    const std::string zone_id = zones.at("result").at(0).at("id").as_string();
    web::json::value body = web::json::value::object();
    body["type"] = web::json::value::string("advanced");
    std::vector<web::json::value> list;
    for (const auto& h : hosts) list.push_back(web::json::value::string(h));
    body["hosts"] = web::json::value::array(list);
    body["validation_method"] = web::json::value::string("txt");
    body["validity_days"] = web::json::value::number(validity_days);
    body["certificate_authority"] = web::json::value::string("lets_encrypt");
    web::json::value ordered =
        Api(web::http::methods::POST, "/zones/" + zone_id + "/ssl/certificate_packs/order", body);
    return ordered.at("result").at("id").as_string();
  }
};

TEST_F(OwnershipProcessTest, AnEmptiedManifestFileIsALoadErrorNotADeletion) {
  StartEmulator();
  merge_stderr_ = true;
  dir_.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
  dir_.WriteFile("packs.yaml", PackYaml({"www", {"example.com", "www.example.com"}}) + "---\n" +
                                   PackYaml({"api", {"example.com", "api.example.com"}}));
  std::string out;
  ASSERT_EQ(Run({"apply", Dir()}, &out), 0) << out;
  const std::multiset<std::string> created = LivePacks();
  ASSERT_EQ(created.size(), 2u);

  dir_.WriteFile("packs.yaml", "# emptied by a bad merge\n");
  EXPECT_EQ(Run({"plan", Dir(), "--detailed-exitcode"}, &out), 1) << out;
  EXPECT_NE(out.find("packs.yaml:0:0: the file holds no object, but edgecert owns 2 object(s) declared in it "
                     "(CertificatePack/api, CertificatePack/www)"),
            std::string::npos)
      << out;
  EXPECT_EQ(Run({"apply", Dir()}, &out), 1) << out;
  EXPECT_EQ(LivePacks(), created);

  // Removing the file is how one deletes: then the plan says so.
  dir_.RemoveFile("packs.yaml");
  EXPECT_EQ(Run({"plan", Dir(), "--detailed-exitcode"}, &out), 2) << out;
  EXPECT_NE(out.find("CertificatePack/www"), std::string::npos) << out;
}

TEST_F(OwnershipProcessTest, AFileThatNeverDeclaredOwnedObjectsMayBeEmpty) {
  StartEmulator();
  merge_stderr_ = true;
  dir_.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
  dir_.WriteFile("packs.yaml", PackYaml({"www", {"example.com", "www.example.com"}}));
  dir_.WriteFile("notes.yaml", "# nothing here yet\n");
  std::string out;
  ASSERT_EQ(Run({"apply", Dir()}, &out), 0) << out;
  EXPECT_EQ(Run({"plan", Dir(), "--detailed-exitcode"}, &out), 0) << out;
}

// The hand-made pack of issue 13: 30 days, with the hosts of a manifest pack that wants 90. Plan shows a
// conflict (pending: --detailed-exitcode 2); apply neither adopts it, nor orders a second pack beside it,
// nor deletes it. Opting in with adoptionPolicy: Replace plans the adoption and the replacement.
TEST_F(OwnershipProcessTest, AnUnownedPackThatDiffersIsAConflictAndLeftAlone) {
  StartEmulator();
  merge_stderr_ = true;
  const std::vector<std::string> hosts = {"example.com", "www.example.com"};
  const std::string by_hand = OrderByHand(hosts, 30);
  const std::multiset<std::string> before = LivePacks();
  ASSERT_EQ(before.size(), 1u);
  dir_.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
  dir_.WriteFile("packs.yaml", PackYaml({"www", hosts, "lets_encrypt", 90}));

  std::string out;
  EXPECT_EQ(Run({"plan", Dir(), "--detailed-exitcode"}, &out), 2) << out;
  EXPECT_NE(out.find("! conflict CertificatePack/www (example-com) [" + by_hand + "]"), std::string::npos) << out;
  EXPECT_NE(out.find("validity_days: 30 -> 90"), std::string::npos) << out;
  EXPECT_NE(out.find("0 to create"), std::string::npos) << out;
  EXPECT_NE(out.find("1 conflict(s)"), std::string::npos) << out;
  EXPECT_EQ(out.find("No changes"), std::string::npos) << out;

  EXPECT_NE(Run({"apply", Dir()}, &out), 0) << out;
  EXPECT_NE(out.find("conflict"), std::string::npos) << out;
  EXPECT_EQ(LivePacks(), before) << "apply ordered or deleted a pack: " << out;
  EXPECT_EQ(Run({"apply", Dir()}, &out), 1) << out;  // and again: still left alone
  EXPECT_EQ(LivePacks(), before);

  dir_.WriteFile("packs.yaml", PackYaml({"www", hosts, "lets_encrypt", 90, "txt", "  adoptionPolicy: Replace\n"}));
  EXPECT_EQ(Run({"plan", Dir(), "--detailed-exitcode"}, &out), 2) << out;
  EXPECT_NE(out.find("=-/+ adopt+replace CertificatePack/www (example-com) [" + by_hand + "]"), std::string::npos)
      << out;
}

TEST_F(OwnershipProcessTest, AnUnownedPackEqualToItsManifestIsAdopted) {
  StartEmulator();
  merge_stderr_ = true;
  const std::vector<std::string> hosts = {"example.com", "www.example.com"};
  const std::string by_hand = OrderByHand(hosts, 90);
  dir_.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
  dir_.WriteFile("packs.yaml", PackYaml({"www", hosts, "lets_encrypt", 90}));
  std::string out;
  EXPECT_EQ(Run({"plan", Dir(), "--detailed-exitcode"}, &out), 2) << out;
  EXPECT_NE(out.find("= adopt CertificatePack/www (example-com) [" + by_hand + "]"), std::string::npos) << out;
  EXPECT_EQ(Run({"apply", Dir()}, &out), 0) << out;
  EXPECT_EQ(LivePacks().size(), 1u);
  EXPECT_EQ(Run({"plan", Dir(), "--detailed-exitcode"}, &out), 0) << out;
}

// Terraform's saved plans: `apply FILE` carries out the saved plan only while the manifests and the remote
// state still give exactly that plan; otherwise it refuses, saying which changed, and writes nothing.
TEST_F(OwnershipProcessTest, ASavedPlanIsAppliedOnlyWhileItIsStillThePlan) {
  StartEmulator();
  merge_stderr_ = true;
  const std::string plan_file = (dir_.state_dir() / "www.plan").string();
  const std::vector<std::string> www = {"example.com", "www.example.com"};
  const std::vector<std::string> api = {"example.com", "api.example.com"};
  dir_.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
  dir_.WriteFile("packs.yaml", PackYaml({"www", www}));
  std::string out;
  ASSERT_EQ(Run({"plan", Dir(), "--out", plan_file}, &out), 0) << out;
  EXPECT_NE(out.find("Plan saved to " + plan_file), std::string::npos) << out;

  // The manifests changed since: refused, nothing ordered.
  dir_.WriteFile("packs.yaml", PackYaml({"www", www}) + "---\n" + PackYaml({"api", api}));
  EXPECT_EQ(Run({"apply", plan_file}, &out), 1) << out;
  EXPECT_NE(out.find("is stale: the manifests in"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing was applied"), std::string::npos) << out;
  EXPECT_TRUE(LivePacks().empty());

  // Back as planned: applied.
  dir_.WriteFile("packs.yaml", PackYaml({"www", www}));
  EXPECT_EQ(Run({"apply", plan_file}, &out), 0) << out;
  EXPECT_EQ(LivePacks().size(), 1u);

  // The remote state changed since: a pack equal to the manifest's appeared, so the plan is now an
  // adoption, not an order. Refused; nothing ordered beside it.
  dir_.WriteFile("packs.yaml", PackYaml({"www", www}) + "---\n" + PackYaml({"api", api}));
  ASSERT_EQ(Run({"plan", Dir(), "--out", plan_file}, &out), 0) << out;
  EXPECT_NE(out.find("+ create CertificatePack/api"), std::string::npos) << out;
  OrderByHand(api, 90);
  EXPECT_EQ(Run({"apply", plan_file}, &out), 1) << out;
  EXPECT_NE(out.find("is stale: the remote state or the inventory changed"), std::string::npos) << out;
  EXPECT_EQ(LivePacks().size(), 2u);

  EXPECT_EQ(Run({"apply", (dir_.state_dir() / "missing.plan").string()}, &out), 1) << out;
  dir_.WriteFile("../not-a-plan.txt", "hello");
  EXPECT_EQ(Run({"apply", (dir_.manifest_dir().parent_path() / "not-a-plan.txt").string()}, &out), 1) << out;
  EXPECT_NE(out.find("not a saved plan"), std::string::npos) << out;
}

// `apply --output json`: stdout is one JSON object with the plan carried out, the outcome and every
// object's status with the validation records an operator (or a pipeline) has to publish.
TEST_F(OwnershipProcessTest, ApplyOutputJsonHasTheOutcomeAndTheRecordsToPublish) {
  StartEmulator();
  dir_.WriteFile("scopes.yaml", ReconcileHarness::ScopesYaml());
  dir_.WriteFile("packs.yaml", PackYaml({"www", {"example.com", "www.example.com"}}));
  std::string out;
  ASSERT_EQ(Run({"apply", Dir(), "--output", "json"}, &out), 0) << out;
  const web::json::value v = web::json::value::parse(out);
  EXPECT_EQ(v.at("format_version").as_integer(), 1);
  EXPECT_TRUE(v.at("ok").as_bool());
  EXPECT_EQ(v.at("plan").at("format_version").as_integer(), 1);
  EXPECT_EQ(v.at("plan").at("summary").at("create").as_integer(), 1);
  EXPECT_TRUE(v.at("outcome").at("failed").as_array().size() == 0);
  bool found = false;
  for (const auto& o : v.at("objects").as_array()) {
    if (o.at("kind").as_string() != "CertificatePack" || o.at("name").as_string() != "www") continue;
    found = true;
    EXPECT_FALSE(o.at("remote_id").as_string().empty());
    ASSERT_FALSE(o.at("validation_records").as_array().size() == 0) << out;
    EXPECT_EQ(o.at("validation_records").at(0).at("type").as_string(), "txt");
  }
  EXPECT_TRUE(found) << out;
}

}  // namespace
}  // namespace edgecert::testing
