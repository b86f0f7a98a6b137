// deploy/kubernetes: every kustomization renders with `kubectl kustomize`, and the rendered objects are
// what docs/deploy.md promises: a restricted pod (non-root, read-only root, no capabilities, seccomp),
// git-sync sharing the manifests through an emptyDir, the token as a Secret file, probes, limits,
// metrics Service and monitoring objects; one replica on a PVC (single), three on etcd (ha).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>

#include "tests/deploy/tool_run.h"

namespace edgecert::testing {
namespace {

std::filesystem::path KubernetesDir() { return SourceDir() / "deploy/kubernetes"; }

// kind/name -> object, from `kubectl kustomize DIR`.
std::map<std::string, YAML::Node> Render(const std::string& relative_dir) {
  std::map<std::string, YAML::Node> objects;
  const auto rendered = RunTool({"kubectl", "kustomize", (KubernetesDir() / relative_dir).string()});
  EXPECT_EQ(rendered.exit_code, 0) << rendered.output;
  if (rendered.exit_code != 0) return objects;
  for (const auto& doc : YAML::LoadAll(rendered.output)) {
    if (!doc.IsMap()) continue;
    objects[doc["kind"].as<std::string>() + "/" + doc["metadata"]["name"].as<std::string>()] = doc;
  }
  return objects;
}

YAML::Node Container(const YAML::Node& pod_spec, const std::string& list, const std::string& name) {
  for (const auto& c : pod_spec[list]) {
    if (c["name"].as<std::string>() == name) return c;
  }
  ADD_FAILURE() << "no " << list << " entry " << name;
  return YAML::Node();
}

std::vector<std::string> Strings(const YAML::Node& list) {
  std::vector<std::string> out;
  for (const auto& item : list) out.push_back(item.as<std::string>());
  return out;
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

class KustomizeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(OnPath("kubectl")) << "kubectl is missing: bash scripts/deps.sh"; }
};

TEST_F(KustomizeTest, EveryKustomizationRenders) {
  int rendered = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(KubernetesDir())) {
    if (entry.path().filename() != "kustomization.yaml") continue;
    const auto dir = std::filesystem::relative(entry.path().parent_path(), KubernetesDir()).string();
    SCOPED_TRACE(dir);
    const auto objects = Render(dir);
    EXPECT_TRUE(objects.count("Deployment/edgecert")) << "no Deployment";
    for (const auto& [key, object] : objects) {
      if (object["kind"].as<std::string>() != "Namespace") {
        EXPECT_EQ(object["metadata"]["namespace"].as<std::string>(""), "edgecert") << key;
      }
    }
    ++rendered;
  }
  EXPECT_EQ(rendered, 3);  // base, overlays/single, overlays/ha
}

TEST_F(KustomizeTest, BaseHasEveryObject) {
  const auto objects = Render("base");
  for (const std::string key : {"Namespace/edgecert", "ServiceAccount/edgecert", "Deployment/edgecert",
                                "Service/edgecert", "ServiceMonitor/edgecert", "PrometheusRule/edgecert",
                                "PodDisruptionBudget/edgecert", "NetworkPolicy/edgecert"}) {
    EXPECT_TRUE(objects.count(key)) << key;
  }
  EXPECT_EQ(
      objects.at("Namespace/edgecert")["metadata"]["labels"]["pod-security.kubernetes.io/enforce"].as<std::string>(),
      "restricted");
}

TEST_F(KustomizeTest, PodIsRestricted) {
  const auto objects = Render("base");
  const YAML::Node pod = objects.at("Deployment/edgecert")["spec"]["template"]["spec"];
  EXPECT_TRUE(pod["securityContext"]["runAsNonRoot"].as<bool>());
  EXPECT_EQ(pod["securityContext"]["seccompProfile"]["type"].as<std::string>(), "RuntimeDefault");
  EXPECT_FALSE(pod["automountServiceAccountToken"].as<bool>());
  int containers = 0;
  for (const std::string list : {"initContainers", "containers"}) {
    for (const auto& c : pod[list]) {
      SCOPED_TRACE(c["name"].as<std::string>());
      const YAML::Node sc = c["securityContext"];
      EXPECT_TRUE(sc["readOnlyRootFilesystem"].as<bool>());
      EXPECT_FALSE(sc["allowPrivilegeEscalation"].as<bool>());
      EXPECT_EQ(Strings(sc["capabilities"]["drop"]), std::vector<std::string>{"ALL"});
      EXPECT_GT(sc["runAsUser"].as<int>(), 0);
      EXPECT_TRUE(c["resources"]["requests"]["memory"]) << "no memory request";
      EXPECT_TRUE(c["resources"]["limits"]["memory"]) << "no memory limit";
      ++containers;
    }
  }
  EXPECT_EQ(containers, 3);  // git-clone (init), edgecert, git-sync
}

TEST_F(KustomizeTest, EdgecertReadsTheGitSyncCheckoutAndTheTokenFile) {
  const auto objects = Render("base");
  const YAML::Node pod = objects.at("Deployment/edgecert")["spec"]["template"]["spec"];
  const YAML::Node edgecert = Container(pod, "containers", "edgecert");
  const YAML::Node git_sync = Container(pod, "containers", "git-sync");

  std::map<std::string, YAML::Node> volumes;
  for (const auto& v : pod["volumes"]) volumes[v["name"].as<std::string>()] = YAML::Node(v);
  EXPECT_TRUE(volumes["git"]["emptyDir"]) << "the checkout is not an emptyDir";
  EXPECT_EQ(volumes["token"]["secret"]["secretName"].as<std::string>(), "edgecert-cloudflare-token");

  auto mount_of = [](const YAML::Node& c, const std::string& volume) -> YAML::Node {
    for (const auto& m : c["volumeMounts"]) {
      if (m["name"].as<std::string>() == volume) return m;
    }
    return YAML::Node();
  };
  ASSERT_TRUE(mount_of(git_sync, "git")) << "git-sync does not write the shared volume";
  const YAML::Node checkout = mount_of(edgecert, "git");
  ASSERT_TRUE(checkout);
  EXPECT_TRUE(checkout["readOnly"].as<bool>());
  const auto args = Strings(edgecert["args"]);
  EXPECT_EQ(args.at(0), "run");
  ASSERT_GE(args.size(), 2u);
  EXPECT_EQ(args.at(1), checkout["mountPath"].as<std::string>() + "/repo");  // run's one DIR argument
  EXPECT_TRUE(Has(Strings(git_sync["args"]), "--link=repo"));

  const YAML::Node token = mount_of(edgecert, "token");
  ASSERT_TRUE(token);
  EXPECT_FALSE(token["subPath"]) << "a subPath mount never sees the rotated Secret";
  const YAML::Node env = edgecert["env"][0];
  EXPECT_EQ(env["name"].as<std::string>(), "CLOUDFLARE_API_TOKEN_FILE");
  EXPECT_EQ(env["value"].as<std::string>(), token["mountPath"].as<std::string>() + "/token");

  EXPECT_EQ(edgecert["livenessProbe"]["httpGet"]["path"].as<std::string>(), "/healthz");
  EXPECT_EQ(edgecert["readinessProbe"]["httpGet"]["path"].as<std::string>(), "/readyz");
  EXPECT_TRUE(Has(args, "--listen=0.0.0.0:" + edgecert["ports"][0]["containerPort"].as<std::string>()));
}

TEST_F(KustomizeTest, MetricsServiceAndMonitorSelectThePods) {
  const auto objects = Render("base");
  const YAML::Node pod_labels = objects.at("Deployment/edgecert")["spec"]["template"]["metadata"]["labels"];
  const YAML::Node service = objects.at("Service/edgecert");
  for (const auto& selector : service["spec"]["selector"]) {
    EXPECT_EQ(pod_labels[selector.first.as<std::string>()].as<std::string>(""), selector.second.as<std::string>());
  }
  EXPECT_EQ(service["spec"]["ports"][0]["targetPort"].as<std::string>(), "metrics");
  const YAML::Node monitor = objects.at("ServiceMonitor/edgecert");
  for (const auto& selector : monitor["spec"]["selector"]["matchLabels"]) {
    EXPECT_EQ(service["metadata"]["labels"][selector.first.as<std::string>()].as<std::string>(""),
              selector.second.as<std::string>());
  }
  EXPECT_EQ(monitor["spec"]["endpoints"][0]["port"].as<std::string>(), "metrics");
}

TEST_F(KustomizeTest, SingleIsOneReplicaOnAVolume) {
  const auto objects = Render("overlays/single");
  const YAML::Node spec = objects.at("Deployment/edgecert")["spec"];
  EXPECT_EQ(spec["replicas"].as<int>(), 1);
  EXPECT_EQ(spec["strategy"]["type"].as<std::string>(), "Recreate");
  std::string claim;
  for (const auto& v : spec["template"]["spec"]["volumes"]) {
    if (v["name"].as<std::string>() == "state") {
      EXPECT_FALSE(v["emptyDir"]) << "state is still an emptyDir";
      claim = v["persistentVolumeClaim"]["claimName"].as<std::string>("");
    }
  }
  EXPECT_TRUE(objects.count("PersistentVolumeClaim/" + claim)) << "claim " << claim;
  const auto args = Strings(Container(spec["template"]["spec"], "containers", "edgecert")["args"]);
  EXPECT_TRUE(Has(args, "--state-dir=/var/lib/edgecert"));
}

TEST_F(KustomizeTest, HaIsThreeReplicasOnEtcd) {
  const auto objects = Render("overlays/ha");
  const YAML::Node spec = objects.at("Deployment/edgecert")["spec"];
  EXPECT_EQ(spec["replicas"].as<int>(), 3);
  const auto args = Strings(Container(spec["template"]["spec"], "containers", "edgecert")["args"]);
  bool etcd = false;
  for (const auto& a : args) etcd = etcd || a.rfind("--state-store=etcd://", 0) == 0;
  EXPECT_TRUE(etcd);
  std::set<int> egress_ports;
  for (const auto& rule : objects.at("NetworkPolicy/edgecert")["spec"]["egress"]) {
    for (const auto& port : rule["ports"]) egress_ports.insert(port["port"].as<int>());
  }
  EXPECT_EQ(egress_ports, (std::set<int>{22, 53, 443, 2379}));
  EXPECT_EQ(objects.at("PodDisruptionBudget/edgecert")["spec"]["maxUnavailable"].as<int>(), 1);
}

}  // namespace
}  // namespace edgecert::testing
