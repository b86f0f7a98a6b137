#include "api/client/endpoints.h"

#include <array>

namespace edgecert::api {
namespace {

constexpr std::string_view kPacks = "/zones/{zone_id}/ssl/certificate_packs";
constexpr std::string_view kPack = "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}";
constexpr std::string_view kMtlsList = "/accounts/{account_id}/mtls_certificates";
constexpr std::string_view kMtls = "/accounts/{account_id}/mtls_certificates/{mtls_certificate_id}";
constexpr std::string_view kAssociations = "/zones/{zone_id}/certificate_authorities/hostname_associations";
constexpr std::string_view kClientCerts = "/zones/{zone_id}/client_certificates";
constexpr std::string_view kClientCert = "/zones/{zone_id}/client_certificates/{client_certificate_id}";
constexpr std::string_view kCsrs = "/zones/{zone_id}/custom_csrs";
constexpr std::string_view kCsr = "/zones/{zone_id}/custom_csrs/{custom_csr_id}";
constexpr std::string_view kHostnames = "/zones/{zone_id}/custom_hostnames";
constexpr std::string_view kHostname = "/zones/{zone_id}/custom_hostnames/{custom_hostname_id}";
constexpr std::string_view kCerts = "/zones/{zone_id}/custom_certificates";
constexpr std::string_view kCert = "/zones/{zone_id}/custom_certificates/{custom_certificate_id}";
constexpr std::string_view kUniversal = "/zones/{zone_id}/ssl/universal/settings";
constexpr std::string_view kAutomatic = "/zones/{zone_id}/settings/ssl_automatic_mode";

constexpr auto kEndpoints = std::to_array<EndpointTemplate>({
    {"GET", "/accounts"},
    {"GET", "/zones"},
    {"GET", "/user/tokens/verify"},
    {"GET", kPacks},
    {"GET", kPack},
    {"POST", "/zones/{zone_id}/ssl/certificate_packs/order"},
    {"PATCH", kPack},
    {"DELETE", kPack},
    {"GET", "/zones/{zone_id}/ssl/certificate_packs/quota"},
    {"GET", "/zones/{zone_id}/ssl/verification"},
    {"PATCH", "/zones/{zone_id}/ssl/verification/{certificate_pack_id}"},
    {"GET", kMtlsList},
    {"GET", kMtls},
    {"POST", kMtlsList},
    {"DELETE", kMtls},
    {"GET", "/accounts/{account_id}/mtls_certificates/{mtls_certificate_id}/associations"},
    {"GET", kAssociations},
    {"PUT", kAssociations},
    {"GET", kClientCerts},
    {"GET", kClientCert},
    {"POST", kClientCerts},
    {"PATCH", kClientCert},
    {"DELETE", kClientCert},
    {"GET", kCsrs},
    {"GET", kCsr},
    {"POST", kCsrs},
    {"DELETE", kCsr},
    {"GET", kHostnames},
    {"GET", kHostname},
    {"POST", kHostnames},
    {"PATCH", kHostname},
    {"DELETE", kHostname},
    {"GET", kCerts},
    {"GET", kCert},
    {"POST", kCerts},
    {"DELETE", kCert},
    {"GET", kUniversal},
    {"PATCH", kUniversal},
    {"GET", kAutomatic},
    {"PATCH", kAutomatic},
    {"POST", "/zones/{zone_id}/ssl/analyze"},
    {"GET", "/zones/{zone_id}/dns_records"},
    {"POST", "/zones/{zone_id}/dns_records"},
    {"DELETE", "/zones/{zone_id}/dns_records/{dns_record_id}"},
});

}  // namespace

std::span<const EndpointTemplate> KnownEndpoints() { return kEndpoints; }

}  // namespace edgecert::api
