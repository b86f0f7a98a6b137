// The etcd store against an etcd that demands TLS with client certificates, and against one with
// authentication enabled (users and roles made through the gateway's /v3/auth/* calls): with the right
// CA, certificate and key, or user and password, elections and inventory writes work; with wrong ones
// every call fails with an error that says what to check, and never holds the password. Certificates
// are made at test time with edgecert's own crypto library.
#include <cpprest/asyncrt_utils.h>
#include <cpprest/json.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "crypto/x509.h"
#include "reconcile/state/etcd/etcd_election.h"
#include "reconcile/state/etcd/etcd_kv.h"
#include "reconcile/state/etcd/etcd_state_store.h"
#include "reconcile/state/inventory.h"
#include "tests/daemon_e2e/etcd_cluster.h"
#include "tests/daemon_e2e/logged_process.h"
#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

using edgecert::testing::EtcdCluster;
using edgecert::testing::EtcdTls;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPrefix[] = "/edgecert/secure";

void WriteFile(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

// A CA and, for each of `names`, a certificate it signs (SAN = the name) with its key, as PEM files
// DIR/<name>.pem and DIR/<name>-key.pem; the CA is DIR/<ca_name>.pem.
void MakePki(const std::filesystem::path& dir, const std::string& ca_name, const std::vector<std::string>& names) {
  const auto now = std::chrono::system_clock::now() - std::chrono::hours(1);
  crypto::DistinguishedName subject;
  subject.common_name = ca_name;
  auto ca = crypto::CreateSelfSignedCa(subject, crypto::KeyType::kP256, now, std::chrono::hours(24));
  ASSERT_TRUE(ca.ok()) << ca.status().ToString();
  WriteFile(dir / (ca_name + ".pem"), ca->certificate_pem);
  std::uint64_t serial = 100;
  for (const auto& name : names) {
    auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
    ASSERT_TRUE(key.ok());
    subject.common_name = name;
    auto csr = crypto::CreateCsr(*key, subject, {name});
    ASSERT_TRUE(csr.ok()) << csr.status().ToString();
    auto cert = crypto::SignCsr(*ca, *csr, ++serial, now, std::chrono::hours(24));
    ASSERT_TRUE(cert.ok()) << cert.status().ToString();
    WriteFile(dir / (name + ".pem"), *cert);
    WriteFile(dir / (name + "-key.pem"), std::string(key->Reveal()));
  }
}

std::string B64(const std::string& text) {
  return utility::conversions::to_base64(std::vector<unsigned char>(text.begin(), text.end()));
}

OwnedObject Pack(const std::string& name, const std::string& id) {
  OwnedObject o;
  o.key = {manifests::Kind::kCertificatePack, name};
  o.remote_id = id;
  o.scope_id = "zone-1";
  return o;
}

// Campaigns, writes one record through an Inventory and reads it back through a second client with the
// same connection: OK only if every kind of call (lease, txn, range) went through.
Status UseTheStore(const EtcdConnection& connection) {
  auto client = EtcdClient::Create(connection);
  if (!client.ok()) return client.status();
  ElectionOptions options;
  options.instance = "secure";
  EtcdElection election(**client, kPrefix, options);
  auto view = election.Step();
  if (!view.ok()) return view.status();
  if (!view->leading) return Internal("alone, yet not leading");
  EtcdStateStore store(**client, &election);
  auto inventory = Inventory::Load(store);
  if (!inventory.ok()) return inventory.status();
  if (Status put = (*inventory)->Put(Pack("www", "pack-1")); !put.ok()) return put;
  auto reader_client = EtcdClient::Create(connection);
  if (!reader_client.ok()) return reader_client.status();
  EtcdStateStore reader(**reader_client, nullptr);
  auto records = reader.LoadRecords();
  if (!records.ok()) return records.status();
  if (records->objects.size() != 1) return Internal("the record did not come back");
  return election.Resign();
}

struct Cli {
  int exit_code = -1;
  std::string output;
};

class EtcdSecureTest : public ::testing::Test {
 protected:
  // `edgecert state migrate --from etcd://... --to DIR ARGS` with `env`: the command line's own path to
  // the TLS flags and the EDGECERT_ETCD_* variables.
  Cli MigrateOut(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    const char* binary = std::getenv("EDGECERT_BINARY");
    std::vector<std::string> argv{binary != nullptr ? binary : EDGECERT_BINARY_PATH,
                                  "state",
                                  "migrate",
                                  "--from",
                                  "etcd://" + etcd_->Endpoints() + kPrefix,
                                  "--to",
                                  (tmp_.path() / ("out-" + std::to_string(++runs_))).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    edgecert::testing::LoggedProcess p(argv, env, tmp_.path() / ("migrate-" + std::to_string(runs_) + ".log"));
    return Cli{p.WaitExit(std::chrono::seconds(30)).value_or(-1), p.Log()};
  }

  void SetUp() override {
    if (EtcdCluster::Binary().empty()) GTEST_SKIP() << "etcd is not installed (scripts/deps.sh)";
  }
  EtcdConnection Connection() {
    auto connection = ParseEtcdUrl("etcd://" + etcd_->Endpoints() + kPrefix);
    EXPECT_TRUE(connection.ok());
    connection->request_timeout = std::chrono::seconds(5);
    return connection.ok() ? *connection : EtcdConnection{};
  }

  edgecert::testing::TempDir tmp_;
  std::unique_ptr<EtcdCluster> etcd_;
  int runs_ = 0;
};

TEST_F(EtcdSecureTest, TlsWithClientCertificatesWorksWithTheRightFilesOnly) {
  const auto pki = tmp_.path();
  MakePki(pki, "ca", {"localhost", "edgecert-client"});
  MakePki(pki, "other-ca", {"stranger"});
  EtcdTls tls{pki / "ca.pem",
              pki / "localhost.pem",
              pki / "localhost-key.pem",
              pki / "edgecert-client.pem",
              pki / "edgecert-client-key.pem",
              true};
  etcd_ = std::make_unique<EtcdCluster>(tmp_.path(), 1, tls);
  ASSERT_TRUE(etcd_->ready()) << etcd_->Logs();

  EtcdConnection good = Connection();
  good.ca_file = (pki / "ca.pem").string();
  good.cert_file = (pki / "edgecert-client.pem").string();
  good.key_file = (pki / "edgecert-client-key.pem").string();
  Status used = UseTheStore(good);
  EXPECT_TRUE(used.ok()) << used.ToString();
  Cli cli = MigrateOut({"--etcd-ca", good.ca_file, "--etcd-cert", good.cert_file, "--etcd-key", good.key_file}, {});
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
  EXPECT_THAT(cli.output, HasSubstr("Copied 1 object(s)"));
  cli = MigrateOut({"--etcd-ca", good.ca_file}, {});
  EXPECT_EQ(cli.exit_code, 1) << cli.output;
  EXPECT_THAT(cli.output, HasSubstr("--etcd-cert"));

  EtcdConnection no_client_cert = good;
  no_client_cert.cert_file.clear();
  no_client_cert.key_file.clear();
  Status refused = UseTheStore(no_client_cert);
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable) << refused.ToString();
  EXPECT_THAT(refused.message(), AllOf(HasSubstr(etcd_->Endpoints()), HasSubstr("--etcd-cert")));

  EtcdConnection foreign_cert = good;
  foreign_cert.cert_file = (pki / "stranger.pem").string();
  foreign_cert.key_file = (pki / "stranger-key.pem").string();
  refused = UseTheStore(foreign_cert);
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable) << refused.ToString();
  EXPECT_THAT(refused.message(), HasSubstr("--etcd-cert"));

  EtcdConnection wrong_ca = good;
  wrong_ca.ca_file = (pki / "other-ca.pem").string();
  refused = UseTheStore(wrong_ca);
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable) << refused.ToString();
  EXPECT_THAT(refused.message(), HasSubstr("--etcd-ca"));

  EtcdConnection missing_file = good;
  missing_file.key_file = (pki / "nowhere-key.pem").string();
  refused = UseTheStore(missing_file);
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr((pki / "nowhere-key.pem").string()));
}

TEST_F(EtcdSecureTest, AuthenticationWorksWithTheRightPasswordAndNeverShowsIt) {
  etcd_ = std::make_unique<EtcdCluster>(tmp_.path(), 1);
  ASSERT_TRUE(etcd_->ready()) << etcd_->Logs();
  // root (etcd wants it before `auth enable`), and edgecert with read-write on the prefix only.
  const std::string prefix = std::string(kPrefix) + "/";
  for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
           {"/v3/auth/user/add", R"({"name":"root","password":"root-secret-1"})"},
           {"/v3/auth/role/add", R"({"name":"root"})"},
           {"/v3/auth/user/grant", R"({"user":"root","role":"root"})"},
           {"/v3/auth/user/add", R"({"name":"edgecert","password":"right-secret-2"})"},
           {"/v3/auth/role/add", R"({"name":"edgecert"})"},
           {"/v3/auth/role/grant", R"({"name":"edgecert","perm":{"permType":"READWRITE","key":")" + B64(prefix) +
                                       R"(","range_end":")" + B64(etcd::PrefixEnd(prefix)) + R"("}})"},
           {"/v3/auth/user/grant", R"({"user":"edgecert","role":"edgecert"})"},
           {"/v3/auth/user/add", R"({"name":"nobody","password":"nobody-secret-3"})"},
           {"/v3/auth/enable", "{}"}}) {
    auto answer = etcd_->Call(0, path, body);
    ASSERT_EQ(answer.status, 200) << path << ": " << answer.body;
  }

  EtcdConnection good = Connection();
  ASSERT_TRUE(
      LoadEtcdCredentials({{"EDGECERT_ETCD_USER", "edgecert"}, {"EDGECERT_ETCD_PASSWORD", "right-secret-2"}}, good)
          .ok());
  Status used = UseTheStore(good);
  EXPECT_TRUE(used.ok()) << used.ToString();
  WriteFile(tmp_.path() / "password", "right-secret-2\n");
  Cli cli = MigrateOut(
      {}, {"EDGECERT_ETCD_USER=edgecert", "EDGECERT_ETCD_PASSWORD_FILE=" + (tmp_.path() / "password").string()});
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
  EXPECT_THAT(cli.output, HasSubstr("Copied 1 object(s)"));
  cli = MigrateOut({}, {"EDGECERT_ETCD_USER=edgecert", "EDGECERT_ETCD_PASSWORD=wrong-secret-4"});
  EXPECT_EQ(cli.exit_code, 1) << cli.output;
  EXPECT_THAT(cli.output, AllOf(HasSubstr("authentication failed"), Not(HasSubstr("wrong-secret-4"))));

  EtcdConnection wrong = Connection();
  ASSERT_TRUE(
      LoadEtcdCredentials({{"EDGECERT_ETCD_USER", "edgecert"}, {"EDGECERT_ETCD_PASSWORD", "wrong-secret-4"}}, wrong)
          .ok());
  Status refused = UseTheStore(wrong);
  EXPECT_EQ(refused.code(), StatusCode::kUnauthenticated) << refused.ToString();
  EXPECT_THAT(refused.message(), AllOf(HasSubstr("authentication failed"), HasSubstr("etcd user edgecert"),
                                       HasSubstr("EDGECERT_ETCD_PASSWORD"), Not(HasSubstr("wrong-secret-4"))));

  refused = UseTheStore(Connection());  // no credentials at all
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(), HasSubstr("EDGECERT_ETCD_USER"));

  EtcdConnection outsider = Connection();
  ASSERT_TRUE(
      LoadEtcdCredentials({{"EDGECERT_ETCD_USER", "nobody"}, {"EDGECERT_ETCD_PASSWORD", "nobody-secret-3"}}, outsider)
          .ok());
  refused = UseTheStore(outsider);
  EXPECT_FALSE(refused.ok());
  EXPECT_THAT(refused.message(),
              AllOf(HasSubstr("permission denied"), HasSubstr("etcd user nobody"), Not(HasSubstr("nobody-secret-3"))));
}

}  // namespace
}  // namespace edgecert::reconcile
