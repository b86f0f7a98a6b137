// The manifests and emulator config of the mixed benchmark: per zone 50 certificate packs, 48 custom
// hostnames, one BYO mTLS CA (in the zone's account; five zones per account, the API's five-CA limit)
// and its hostname association; 100 objects a zone. Pure text builders; the CA files are made by openssl.
#pragma once

#include <filesystem>
#include <string>

namespace edgecert::bench {

constexpr int kMixedObjectsPerZone = 100;
constexpr int kMixedPacksPerZone = 50;
constexpr int kMixedCustomHostnamesPerZone = 48;
constexpr int kMixedZonesPerAccount = 5;

// Zone z's name on the emulator ("zone7.example") and its account's manifest name ("bench1").
std::string BenchZoneName(int z);
std::string MixedAccountName(int z);

// The emulator config's account and zone lines (quotas raised so that nothing is refused).
std::string MixedEmulatorScopes(int zones);
// The Account and Zone manifests.
std::string MixedScopeManifests(int zones);
// Every object of zone z; the CA certificate is read from `ca_file` (relative to the manifests dir).
std::string MixedZoneManifests(int z, const std::string& ca_file);
// Writes a self-signed CA certificate (P-256) to `path` with the openssl command; false on failure.
bool WriteCaCertificate(const std::filesystem::path& path, int z);

}  // namespace edgecert::bench
