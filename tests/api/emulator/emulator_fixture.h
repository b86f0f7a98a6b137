// A real emulator on 127.0.0.1 (free port) driven over HTTP with cpprest's http_client. The base
// clock is a FakeClock, so emulator time moves only through the admin "advance" call.
#pragma once

#include <gtest/gtest.h>

#include <cpprest/http_client.h>

#include <memory>
#include <optional>
#include <string>

#include "api/emulator/emulator.h"
#include "api/emulator/emulator_server.h"
#include "common/clock.h"
#include "crypto/x509.h"

namespace edgecert::emulator::testing {

struct Reply {
  int status = 0;
  web::json::value body;
  web::http::http_headers headers;
  int code() const;  // errors[0].code, or 0
  const web::json::value& result() const { return body.at("result"); }
};

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Restarts the emulator with these options (the default has the rate limit off).
  void Start(EmulatorOptions options);

  Reply Call(const std::string& method, const std::string& path, std::optional<web::json::value> body = std::nullopt,
             const std::string& token = kDefaultEditToken);
  Reply CallWithHeaders(const std::string& method, const std::string& path, const std::string& raw_body,
                        const std::map<std::string, std::string>& headers);
  Reply Admin(const std::string& method, const std::string& path, std::optional<web::json::value> body = std::nullopt);
  void Advance(int seconds);
  std::string ZoneId(const std::string& name = "example.com");
  std::string AccountId();
  web::json::value OrderBody(const std::vector<std::string>& hosts, const std::string& method = "txt");

  static EmulatorOptions DefaultOptions();

  FakeClock clock_;
  std::unique_ptr<Emulator> emulator_;
  std::unique_ptr<EmulatorServer> server_;
  std::unique_ptr<web::http::client::http_client> client_;
};

// Test certificate material made with edgecert_crypto.
struct TestCa {
  crypto::CertificateAuthority ca;
  static TestCa Make(const std::string& common_name);
  // A leaf for `dns_names` signed by this CA, with its key.
  std::pair<std::string, Secret> Leaf(const std::vector<std::string>& dns_names, bool is_ca = false) const;
  std::string Sign(const std::string& csr_pem, bool is_ca = false) const;
};

web::json::value Json(const std::string& text);

}  // namespace edgecert::emulator::testing
