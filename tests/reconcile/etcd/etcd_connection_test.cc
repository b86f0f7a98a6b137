// --state-store etcd://... parsing and the etcd credentials from the environment.
#include "reconcile/state/etcd/etcd_connection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "tests/reconcile/temp_dir.h"

namespace edgecert::reconcile {
namespace {

using ::testing::HasSubstr;

TEST(EtcdConnectionTest, ParsesEndpointsAndPrefix) {
  auto c = ParseEtcdUrl("etcd://10.0.0.1:2379,etcd-b:2379/edgecert/prod/");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->endpoints, (std::vector<std::string>{"10.0.0.1:2379", "etcd-b:2379"}));
  EXPECT_EQ(c->prefix, "/edgecert/prod");
  EXPECT_EQ(c->Describe(), "etcd://10.0.0.1:2379,etcd-b:2379/edgecert/prod");
  EXPECT_FALSE(c->tls());
}

TEST(EtcdConnectionTest, RefusesMissingPrefixAndBadEndpoints) {
  EXPECT_THAT(ParseEtcdUrl("etcd://a:2379").status().message(), HasSubstr("no key prefix"));
  EXPECT_THAT(ParseEtcdUrl("etcd://a:2379/").status().message(), HasSubstr("no key prefix"));
  EXPECT_THAT(ParseEtcdUrl("etcd://a/x").status().message(), HasSubstr("endpoint 'a' is not HOST:PORT"));
  EXPECT_THAT(ParseEtcdUrl("etcd://a:2379,,b:1/x").status().message(), HasSubstr("is not HOST:PORT"));
  EXPECT_FALSE(ParseEtcdUrl("http://a:2379/x").ok());
}

TEST(EtcdConnectionTest, CredentialsFromVariablesOrFilesAndNeverHalf) {
  EtcdConnection c;
  ASSERT_TRUE(LoadEtcdCredentials({{"EDGECERT_ETCD_USER", "edgecert"}, {"EDGECERT_ETCD_PASSWORD", "s3cret"}}, c).ok());
  EXPECT_EQ(c.user, "edgecert");
  EXPECT_EQ(c.password.Reveal(), "s3cret");

  edgecert::testing::TempDir tmp;
  { std::ofstream(tmp.path() / "pw") << "from-file\n"; }
  EtcdConnection f;
  ASSERT_TRUE(LoadEtcdCredentials({{"EDGECERT_ETCD_USER", "u"}, {"EDGECERT_ETCD_PASSWORD_FILE", (tmp.path() / "pw").string()}}, f).ok());
  EXPECT_EQ(f.password.Reveal(), "from-file");

  EtcdConnection half;
  Status status = LoadEtcdCredentials({{"EDGECERT_ETCD_USER", "u"}}, half);
  EXPECT_THAT(status.message(), HasSubstr("EDGECERT_ETCD_USER is set but EDGECERT_ETCD_PASSWORD is not"));
  Status both = LoadEtcdCredentials(
      {{"EDGECERT_ETCD_USER", "u"}, {"EDGECERT_ETCD_PASSWORD", "p"}, {"EDGECERT_ETCD_PASSWORD_FILE", "/x"}}, half);
  EXPECT_THAT(both.message(), HasSubstr("not both"));
  EXPECT_THAT(both.message(), ::testing::Not(HasSubstr("p\"")));
}

}  // namespace
}  // namespace edgecert::reconcile
