#include "tests/api/emulator/emulator_fixture.h"

namespace edgecert::emulator::testing {

using web::json::value;

int Reply::code() const {
  if (!body.is_object() || !body.has_field("errors") || body.at("errors").size() == 0) return 0;
  return body.at("errors").at(0).at("code").as_integer();
}

EmulatorOptions EmulatorTest::DefaultOptions() {
  EmulatorOptions options;
  options.config.rate_limit.requests = 0;  // most tests make many calls; the limit has its own test
  options.seed = 7;
  return options;
}

void EmulatorTest::SetUp() { Start(DefaultOptions()); }

void EmulatorTest::TearDown() {
  client_.reset();
  if (server_) server_->Stop();
  server_.reset();
  emulator_.reset();
}

void EmulatorTest::Start(EmulatorOptions options) {
  TearDown();
  emulator_ = std::make_unique<Emulator>(std::move(options), clock_);
  server_ = std::make_unique<EmulatorServer>(*emulator_);
  ASSERT_TRUE(server_->Start("127.0.0.1", 0).ok());
  web::http::client::http_client_config config;
  config.set_timeout(std::chrono::seconds(20));
  client_ = std::make_unique<web::http::client::http_client>(server_->base_url(), config);
}

Reply EmulatorTest::CallWithHeaders(const std::string& method, const std::string& path, const std::string& raw_body,
                                    const std::map<std::string, std::string>& headers) {
  web::http::http_request request(method);
  request.set_request_uri(path);
  for (const auto& [name, v] : headers) request.headers().add(name, v);
  if (!raw_body.empty()) {
    auto type = headers.count("Content-Type") ? headers.at("Content-Type") : std::string("application/json");
    request.set_body(raw_body, type);
  }
  web::http::http_response response = client_->request(request).get();
  Reply reply;
  reply.status = response.status_code();
  reply.headers = response.headers();
  reply.body = response.extract_json(true).get();
  return reply;
}

Reply EmulatorTest::Call(const std::string& method, const std::string& path, std::optional<value> body,
                         const std::string& token) {
  std::map<std::string, std::string> headers;
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  return CallWithHeaders(method, std::string(kApiPrefix) + path, body ? body->serialize() : std::string(), headers);
}

Reply EmulatorTest::Admin(const std::string& method, const std::string& path, std::optional<value> body) {
  return CallWithHeaders(method, std::string(kAdminPrefix) + path, body ? body->serialize() : std::string(), {});
}

void EmulatorTest::Advance(int seconds) {
  value body = value::object();
  body["seconds"] = value::number(seconds);
  ASSERT_EQ(Admin("POST", "/clock/advance", body).status, 200);
}

std::string EmulatorTest::ZoneId(const std::string& name) { return StableId("zone:" + name); }
std::string EmulatorTest::AccountId() { return StableId("account:Emulator Account"); }

value EmulatorTest::OrderBody(const std::vector<std::string>& hosts, const std::string& method) {
  value body = value::object();
  body["type"] = value::string("advanced");
  std::vector<value> list;
  for (const auto& h : hosts) list.push_back(value::string(h));
  body["hosts"] = value::array(list);
  body["validation_method"] = value::string(method);
  body["validity_days"] = value::number(90);
  body["certificate_authority"] = value::string("lets_encrypt");
  return body;
}

TestCa TestCa::Make(const std::string& common_name) {
  crypto::DistinguishedName subject;
  subject.country = "US";
  subject.organization = "Edgecert Tests";
  subject.common_name = common_name;
  auto ca = crypto::CreateSelfSignedCa(subject, crypto::KeyType::kP256,
                                       std::chrono::system_clock::now() - std::chrono::hours(1), std::chrono::hours(24 * 365));
  EXPECT_TRUE(ca.ok()) << ca.status().ToString();
  return TestCa{std::move(ca).value()};
}

std::string TestCa::Sign(const std::string& csr_pem, bool is_ca) const {
  static std::uint64_t serial = 100;
  auto pem = crypto::SignCsr(ca, csr_pem, ++serial, std::chrono::system_clock::now() - std::chrono::hours(1),
                             std::chrono::hours(24 * 90), is_ca);
  EXPECT_TRUE(pem.ok()) << pem.status().ToString();
  return pem.ok() ? *pem : std::string();
}

std::pair<std::string, Secret> TestCa::Leaf(const std::vector<std::string>& dns_names, bool is_ca) const {
  auto key = crypto::GeneratePrivateKey(crypto::KeyType::kP256);
  EXPECT_TRUE(key.ok());
  crypto::DistinguishedName subject;
  subject.country = "US";
  subject.organization = "Edgecert Tests";
  subject.common_name = dns_names.front();
  auto csr = crypto::CreateCsr(*key, subject, dns_names);
  EXPECT_TRUE(csr.ok());
  return {Sign(*csr, is_ca), *key};
}

value Json(const std::string& text) { return value::parse(text); }

}  // namespace edgecert::emulator::testing
