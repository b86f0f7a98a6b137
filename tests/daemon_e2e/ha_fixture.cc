#include "tests/daemon_e2e/ha_fixture.h"

#include <fstream>
#include <iostream>

namespace edgecert::testing {
namespace {

constexpr char kToken[] = "CLOUDFLARE_API_TOKEN=edgecert-emulator-edit-token";

std::string Binary() {
  const char* env = std::getenv("EDGECERT_BINARY");
  return env != nullptr ? env : EDGECERT_BINARY_PATH;
}

}  // namespace

std::vector<Pack> HaPacks(int count, int first) {
  std::vector<Pack> packs;
  for (int i = first; i < first + count; ++i) {
    const std::string n = "p" + std::to_string(i);
    packs.push_back({n, {"example.com", n + ".example.com"}});
  }
  return packs;
}

void HaTest::StartEtcd(int members) {
  if (EtcdCluster::Binary().empty()) GTEST_SKIP() << "etcd is not installed (scripts/deps.sh)";
  etcd_ = std::make_unique<EtcdCluster>(dir_.path(), members);
  ASSERT_TRUE(etcd_->ready()) << etcd_->Logs();
}

void HaTest::StartBigEmulator() {
  const auto config = dir_.path() / "emulator.yaml";
  std::ofstream(config) << "accounts:\n  - name: Emulator Account\nzones:\n"
                           "  - {name: example.com, account: Emulator Account, advanced_pack_quota: 500}\n"
                           "  - {name: example.net, account: Emulator Account, advanced_pack_quota: 500}\n"
                           "rate_limit: {requests: 0, window_seconds: 300}\n"
                           "credentials:\n  - {name: edit, token: edgecert-emulator-edit-token, permission: edit, "
                           "accounts: [\"*\"], zones: [\"*\"]}\n";
  StartEmulator({"--time-scale", "200", "--config", config.string()});
}

void HaTest::StartReplica(int i) {
  Replica r;
  r.instance = "r" + std::to_string(i);
  r.ops_url = "http://127.0.0.1:" + std::to_string(FreePort());
  std::vector<std::string> args{Binary(),
                                "run",
                                manifest_dir().string(),
                                "--api-url",
                                api_url(),
                                "--state-store",
                                StateStore(),
                                "--instance",
                                r.instance,
                                "--listen",
                                r.ops_url.substr(7),
                                "--poll",
                                "1s",
                                "--workers",
                                "8",
                                "--drain-timeout",
                                "5s",
                                "--log-level",
                                "debug"};
  args.insert(args.end(), election_flags_.begin(), election_flags_.end());
  r.process = std::make_unique<LoggedProcess>(args, std::vector<std::string>{kToken},
                                              dir_.path() / (r.instance + "-" + std::to_string(++starts_) + ".log"));
  if (replicas_.size() <= static_cast<std::size_t>(i)) replicas_.resize(i + 1);
  replicas_[i] = std::move(r);
}

std::string HaTest::Role(int i) {
  HttpAnswer a = Http(replicas_[i].ops_url, "GET", "/status");
  if (a.status != 200) return "";
  try {
    return web::json::value::parse(a.body).at("daemon").at("role").as_string();
  } catch (const std::exception&) {
    return "";
  }
}

int HaTest::Leader(const std::set<int>& down) {
  int leader = -1;
  for (int i = 0; i < static_cast<int>(replicas_.size()); ++i) {
    if (down.count(i) != 0) continue;
    const std::string role = Role(i);
    if (role == "leader") {
      if (leader != -1) return -1;
      leader = i;
    } else if (role != "follower") {
      return -1;
    }
  }
  return leader;
}

bool HaTest::Converged(std::size_t packs) {
  auto live = LivePacks();
  if (live.size() != packs) return false;
  for (const auto& [hosts, ids] : live) {
    if (ids.size() != 1) return false;
  }
  return true;
}

void HaTest::ExpectNoDuplicateNoneLost(std::size_t packs) {
  auto live = LivePacks();
  EXPECT_EQ(live.size(), packs);
  for (const auto& [hosts, ids] : live) EXPECT_EQ(ids.size(), 1u) << "duplicate packs for " << hosts;
  int creates = 0;
  const web::json::value history = History(0, "certificate_pack");
  for (const auto& e : history.as_array()) creates += e.at("action").as_string() == "create";
  EXPECT_EQ(creates, static_cast<int>(packs)) << "a pack was ordered twice";
}

std::string HaTest::Logs() {
  std::string out;
  for (auto& r : replicas_) {
    if (!r.process) continue;
    // The start and the end: a failure is usually explained by what a replica did last.
    const std::string log = r.process->Log();
    out += "---- " + r.instance + " ----\n";
    out += log.size() <= 24000 ? log : log.substr(0, 4000) + "\n[...]\n" + log.substr(log.size() - 20000);
  }
  return out;
}

void HaTest::TearDown() {
  if (HasFailure()) std::cerr << Logs() << (etcd_ ? etcd_->Logs() : "");
  replicas_.clear();
  etcd_.reset();
  DaemonE2eTest::TearDown();
}

}  // namespace edgecert::testing
