#include "bench/mixed_layout.h"

#include <cstdlib>

namespace edgecert::bench {

std::string BenchZoneName(int z) { return "zone" + std::to_string(z) + ".example"; }

std::string MixedAccountName(int z) { return "bench" + std::to_string(z / kMixedZonesPerAccount); }

std::string MixedEmulatorScopes(int zones) {
  std::string text = "accounts:\n";
  for (int a = 0; a * kMixedZonesPerAccount < zones; ++a) text += "  - {name: Bench" + std::to_string(a) + "}\n";
  text += "zones:\n";
  for (int z = 0; z < zones; ++z) {
    text += "  - {name: " + BenchZoneName(z) + ", account: Bench" + std::to_string(z / kMixedZonesPerAccount) +
            ", advanced_pack_quota: " + std::to_string(kMixedPacksPerZone + 10) + "}\n";
  }
  return text;
}

std::string MixedScopeManifests(int zones) {
  std::string text;
  for (int a = 0; a * kMixedZonesPerAccount < zones; ++a) {
    text += "---\napiVersion: edgecert.dev/v1\nkind: Account\nmetadata: {name: bench" + std::to_string(a) +
            "}\nspec: {name: Bench" + std::to_string(a) + "}\n";
  }
  for (int z = 0; z < zones; ++z) {
    text += "---\napiVersion: edgecert.dev/v1\nkind: Zone\nmetadata: {name: z" + std::to_string(z) +
            "}\nspec: {name: " + BenchZoneName(z) + ", account: " + MixedAccountName(z) + "}\n";
  }
  return text;
}

std::string MixedZoneManifests(int z, const std::string& ca_file) {
  const std::string zone = BenchZoneName(z), zref = "z" + std::to_string(z), tag = std::to_string(z);
  std::string text;
  for (int k = 0; k < kMixedPacksPerZone; ++k) {
    const std::string name = "p" + tag + "-" + std::to_string(k);
    text += "---\napiVersion: edgecert.dev/v1\nkind: CertificatePack\nmetadata: {name: " + name +
            "}\nspec:\n  zone: " + zref + "\n  hosts: [\"" + zone + "\", \"" + name + "." + zone +
            "\"]\n  certificateAuthority: lets_encrypt\n  validityDays: 90\n  validationMethod: txt\n";
  }
  for (int k = 0; k < kMixedCustomHostnamesPerZone; ++k) {
    const std::string name = "c" + tag + "-" + std::to_string(k);
    text += "---\napiVersion: edgecert.dev/v1\nkind: CustomHostname\nmetadata: {name: " + name +
            "}\nspec:\n  zone: " + zref + "\n  hostname: " + name + ".customer" + tag +
            ".example\n  ssl: {method: txt, type: dv}\n";
  }
  text += "---\napiVersion: edgecert.dev/v1\nkind: MTLSCertificate\nmetadata: {name: ca" + tag +
          "}\nspec:\n  account: " + MixedAccountName(z) + "\n  ca: true\n  certificate: {file: " + ca_file + "}\n";
  text += "---\napiVersion: edgecert.dev/v1\nkind: HostnameAssociation\nmetadata: {name: devices" + tag +
          "}\nspec:\n  zone: " + zref + "\n  mtlsCertificate: ca" + tag + "\n  hostnames: [\"mtls." + zone + "\"]\n";
  return text;
}

bool WriteCaCertificate(const std::filesystem::path& path, int z) {
  const std::string command =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout /dev/null -days 365 "
      "-subj /CN=edgecert-bench-ca-" +
      std::to_string(z) + " -addext basicConstraints=critical,CA:TRUE -out '" + path.string() + "' 2>/dev/null";
  return std::system(command.c_str()) == 0;
}

}  // namespace edgecert::bench
