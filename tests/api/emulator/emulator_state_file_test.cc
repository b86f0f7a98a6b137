// --state: a restarted emulator answers with the same objects, ids, statuses and server-side keys.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "api/emulator/state_file.h"
#include "tests/api/emulator/emulator_fixture.h"

namespace edgecert::emulator::testing {
namespace {

using web::json::value;

class StateFileTest : public EmulatorTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("edgecert-emulator-state-" + std::to_string(::getpid()) + "-" +
                                                     ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "state.json").string();
    Start(WithState());
  }
  // Not TearDown: the fixture's Start() calls TearDown() to restart the emulator.
  ~StateFileTest() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  EmulatorOptions WithState() {
    EmulatorOptions options = DefaultOptions();
    options.state_file = path_;
    return options;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(StateFileTest, RestartKeepsObjectsIdsAndLifecycle) {
  const std::string zone = "/zones/" + ZoneId();
  Reply pack = Call("POST", zone + "/ssl/certificate_packs/order", OrderBody({"example.com", "www.example.com"}));
  ASSERT_EQ(pack.status, 200) << pack.body.serialize();
  const std::string pack_id = pack.result().at("id").as_string();
  value csr = value::object();
  csr["country"] = value::string("US");
  csr["state"] = value::string("MA");
  csr["locality"] = value::string("Boston");
  csr["organization"] = value::string("Example");
  csr["common_name"] = value::string("app.example.com");
  csr["sans"] = value::array({value::string("app.example.com")});
  Reply created = Call("POST", zone + "/custom_csrs", csr);
  ASSERT_EQ(created.status, 200) << created.body.serialize();
  const std::string csr_pem = created.result().at("csr").as_string();

  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0) << "saved after the write";
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "the state holds the emulator's private keys";

  Advance(3600);  // the pack becomes active on the emulator clock
  ASSERT_TRUE(emulator_->SaveState().ok());

  // A new emulator process on the same file: same ids, same status, time did not run backwards.
  Start(WithState());
  ASSERT_TRUE(emulator_->RestoreState(path_).ok());
  Reply after = Call("GET", zone + "/ssl/certificate_packs/" + pack_id);
  ASSERT_EQ(after.status, 200) << after.body.serialize();
  EXPECT_EQ(after.result().at("status").as_string(), "active");
  Reply csrs = Call("GET", zone + "/custom_csrs");
  ASSERT_EQ(csrs.result().size(), 1u);
  EXPECT_EQ(csrs.result().at(0).at("csr").as_string(), csr_pem);

  // New ids continue the seeded sequence rather than repeat it.
  Reply second = Call("POST", zone + "/ssl/certificate_packs/order", OrderBody({"example.com", "api.example.com"}));
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(second.result().at("id").as_string(), pack_id);
}

TEST_F(StateFileTest, MissingFileIsNotFoundAndCorruptFileIsRefused) {
  EXPECT_EQ(emulator_->RestoreState((dir_ / "absent.json").string()).code(), StatusCode::kNotFound);
  { std::ofstream(path_) << "{\"version\": 1, \"packs\": ["; }
  Status s = emulator_->RestoreState(path_);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find(path_), std::string::npos) << s.message();
  { std::ofstream(path_) << "{\"version\": 99}"; }
  EXPECT_NE(emulator_->RestoreState(path_).message().find("unsupported emulator state version"), std::string::npos);
}

}  // namespace
}  // namespace edgecert::emulator::testing
