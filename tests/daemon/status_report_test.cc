// StatusReport: JSON out and back, and the text table `edgecert status` prints.
#include "daemon/status_report.h"

#include <cpprest/json.h>
#include <gmock/gmock.h>

#include "tests/daemon/status_fixture.h"

namespace edgecert::daemon::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

bool SameObject(const reconcile::ObjectStatus& a, const reconcile::ObjectStatus& b) {
  return a.key == b.key && a.zone == b.zone && a.phase == b.phase && a.remote_id == b.remote_id &&
         a.remote_status == b.remote_status && a.validation_records == b.validation_records &&
         a.expires_on == b.expires_on && a.last_error == b.last_error && a.next_action == b.next_action &&
         a.validation_restarts == b.validation_restarts;
}

TEST(StatusReportTest, JsonHoldsEveryFieldAndASummary) {
  const std::string json = StatusReportToJson(SampleReport());
  web::json::value v = web::json::value::parse(json);
  EXPECT_TRUE(v.at("daemon").at("ready").as_bool());
  EXPECT_EQ(v.at("daemon").at("desired_loaded_at").as_string(), "2026-01-01T00:00:00Z");
  EXPECT_EQ(v.at("summary").at("objects").as_integer(), 3);
  EXPECT_EQ(v.at("summary").at("phases").at("Ready").as_integer(), 1);
  EXPECT_EQ(v.at("summary").at("phases").at("Progressing").as_integer(), 1);
  EXPECT_EQ(v.at("summary").at("phases").at("Failed").as_integer(), 1);
  EXPECT_EQ(v.at("summary").at("phases").at("Pending").as_integer(), 0);
  const auto& pack = v.at("objects").at(1);
  EXPECT_EQ(pack.at("kind").as_string(), "CertificatePack");
  EXPECT_EQ(pack.at("name").as_string(), "www-example-com");
  EXPECT_EQ(pack.at("zone").as_string(), "example.com");
  EXPECT_EQ(pack.at("phase").as_string(), "Progressing");
  EXPECT_EQ(pack.at("remote_id").as_string(), "3f2a9c0e-7b1d-4e5f-8a6b-2c1d0e9f8a7b");
  EXPECT_EQ(pack.at("remote_status").as_string(), "pending_validation");
  EXPECT_EQ(pack.at("validation_records").at(0).at("value").as_string(), "ca3-\"quoted\"-token");
  EXPECT_TRUE(pack.at("expires_on").is_null());
  EXPECT_EQ(pack.at("next_action").as_string(), "2026-01-01T00:01:40Z");
  EXPECT_EQ(v.at("objects").at(2).at("validation_restarts").as_integer(), 2);
}

TEST(StatusReportTest, ParsesBackWhatItWrote) {
  const StatusReport original = SampleReport();
  auto parsed = ParseStatusReport(StatusReportToJson(original));
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->daemon.version, original.daemon.version);
  EXPECT_EQ(parsed->daemon.desired_hash, original.daemon.desired_hash);
  EXPECT_EQ(parsed->daemon.desired_loaded_at, original.daemon.desired_loaded_at);
  EXPECT_EQ(parsed->daemon.last_sync, original.daemon.last_sync);
  EXPECT_EQ(parsed->daemon.ready, original.daemon.ready);
  ASSERT_EQ(parsed->objects.size(), original.objects.size());
  for (std::size_t i = 0; i < original.objects.size(); ++i) {
    EXPECT_TRUE(SameObject(parsed->objects[i], original.objects[i])) << i;
  }
}

TEST(StatusReportTest, ParseNamesWhatIsWrong) {
  EXPECT_THAT(ParseStatusReport("not json").status().message(), HasSubstr("not valid JSON"));
  EXPECT_THAT(ParseStatusReport("{}").status().message(), HasSubstr("status.daemon is missing"));

  web::json::value v = web::json::value::parse(StatusReportToJson(SampleReport()));
  v["objects"][0]["phase"] = web::json::value::string("Sleeping");
  EXPECT_THAT(ParseStatusReport(v.serialize()).status().message(),
              HasSubstr("status.objects[0].phase is not a known phase: \"Sleeping\""));
  v = web::json::value::parse(StatusReportToJson(SampleReport()));
  v["objects"][1]["next_action"] = web::json::value::string("tomorrow");
  EXPECT_THAT(ParseStatusReport(v.serialize()).status().message(),
              HasSubstr("status.objects[1].next_action is not an RFC 3339 UTC time"));
  v = web::json::value::parse(StatusReportToJson(SampleReport()));
  v["objects"][2]["kind"] = web::json::value::string("CertificateBundle");  // a newer daemon's kind
  EXPECT_THAT(ParseStatusReport(v.serialize()).status().message(),
              HasSubstr("status.objects[2].kind is not a kind this edgecert knows: \"CertificateBundle\""));
  v = web::json::value::parse(StatusReportToJson(SampleReport()));
  v["objects"][1]["remote_id"] = web::json::value::number(7);
  EXPECT_THAT(ParseStatusReport(v.serialize()).status().message(),
              HasSubstr("status.objects[1].remote_id is not a string"));
}

TEST(StatusReportTest, TableIsAlignedWithRecordsAndErrorsBelow) {
  const std::string table = RenderStatusTable(SampleReport(), At(1'767'225'660));
  EXPECT_THAT(table, HasSubstr("edgecert 0.1.0: ready\n"));
  EXPECT_THAT(table, HasSubstr("desired state: sha256:7d865e959b24"));
  EXPECT_THAT(table, HasSubstr("loaded 2026-01-01T00:00:00Z"));
  EXPECT_THAT(table, HasSubstr("last sync: 2026-01-01T00:01:00Z"));
  EXPECT_THAT(table, HasSubstr("3 objects: 1 Progressing, 1 Ready, 1 Failed\n"));
  EXPECT_THAT(table,
              HasSubstr("KIND             NAME             ZONE              PHASE        REMOTE STATUS       "
                        "REMOTE ID                             EXPIRES     NEXT\n"));
  EXPECT_THAT(table,
              HasSubstr("CertificatePack  www-example-com  example.com       Progressing  pending_validation  "
                        "3f2a9c0e-7b1d-4e5f-8a6b-2c1d0e9f8a7b  -           in 40s\n"));
  EXPECT_THAT(table,
              HasSubstr("CertificatePack  api-example-com  example.com       Ready        active              "
                        "9b1c                                  2026-04-01  -\n"));
  EXPECT_THAT(table, HasSubstr("MTLSCertificate  partner-ca       Emulator Account  Failed       -"));
  EXPECT_THAT(table, HasSubstr("Validation records to publish:\n"
                               "  CertificatePack/www-example-com: txt _acme-challenge.www.example.com "
                               "ca3-\"quoted\"-token\n"));
  // A ready pack's records are done with; they are not asked for again.
  EXPECT_THAT(table, Not(HasSubstr("done-already")));
  EXPECT_THAT(table, HasSubstr("Errors:\n  MTLSCertificate/partner-ca: the API refused the certificate"));
}

TEST(StatusReportTest, TableSaysWhyNotReadyAndWhatFailedToLoad) {
  StatusReport report;
  report.daemon.version = "0.1.0";
  report.daemon.not_ready_reason = "the API is not reachable";
  report.daemon.last_load_error = "a.yaml:3:1: Zone/z: spec.name is required";
  const std::string table = RenderStatusTable(report, At(0));
  EXPECT_THAT(table, HasSubstr("edgecert 0.1.0: NOT READY (the API is not reachable)\n"));
  EXPECT_THAT(table, HasSubstr("desired state: -\n"));
  EXPECT_THAT(table, HasSubstr("last manifest load failed (last good state kept): a.yaml:3:1"));
  EXPECT_THAT(table, HasSubstr("last sync: never\n"));
  EXPECT_THAT(table, HasSubstr("0 objects\n"));
  EXPECT_THAT(table, Not(HasSubstr("KIND")));
}

TEST(StatusReportTest, UtcTimesRoundTrip) {
  EXPECT_EQ(FormatUtc(At(1'767'225'600)), "2026-01-01T00:00:00Z");
  EXPECT_EQ(ParseUtc("2026-01-01T00:00:00Z"), At(1'767'225'600));
  EXPECT_FALSE(ParseUtc("2026-01-01T00:00:00").has_value());
  EXPECT_FALSE(ParseUtc("2026-01-01T00:00:00Zjunk").has_value());
  EXPECT_FALSE(ParseUtc("").has_value());
}

}  // namespace
}  // namespace edgecert::daemon::testing
