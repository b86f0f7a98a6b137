// Manifest load benchmark: writes 10,000 objects across 100 files into a temporary directory, then times
// ManifestLoader::Load (discovery, parsing, decoding, every rule, the snapshot hash) and reports the
// process's peak RSS. Usage: manifest_load_bench [iterations]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "crypto/x509.h"
#include "manifests/manifest_loader.h"

namespace {

namespace fs = std::filesystem;
constexpr int kFiles = 100;
constexpr int kObjectsPerFile = 100;

std::string Doc(const std::string& kind, const std::string& name, const std::string& spec) {
  return "---\napiVersion: edgecert.dev/v1\nkind: " + kind + "\nmetadata:\n  name: " + name +
         "\n  labels: {team: bench}\nspec:\n" + spec;
}

// File i: its zone, Universal SSL, one CA with a hostname association, custom CSRs with their custom
// hostnames, and certificate packs up to 100 objects; every fifth file also declares an account.
int WriteFile(const fs::path& dir, int i) {
  std::string z = "zone" + std::to_string(i);
  std::string apex = "zone" + std::to_string(i) + ".example";
  std::string account = "account" + std::to_string(i / 5);
  std::string out;
  int objects = 0;
  if (i % 5 == 0) {
    out += Doc("Account", account, "  name: Bench Account " + std::to_string(i / 5) + "\n");
    ++objects;
  }
  out += Doc("Zone", z, "  name: " + apex + "\n  account: " + account + "\n");
  out += Doc("UniversalSSL", z, "  zone: " + z + "\n  enabled: true\n  automaticMode: auto\n");
  out += Doc("MTLSCertificate", z + "-ca", "  account: " + account + "\n  ca: true\n  certificate: {file: ca.pem}\n");
  out += Doc("HostnameAssociation", z + "-mtls",
             "  zone: " + z + "\n  mtlsCertificate: " + z + "-ca\n  hostnames: [api." + apex + ", mtls." + apex + "]\n");
  objects += 4;
  for (int c = 0; c < 18; ++c) {
    std::string host = "shop" + std::to_string(c) + ".customer" + std::to_string(i) + ".test";
    std::string csr = z + "-csr" + std::to_string(c);
    out += Doc("CustomCSR", csr,
               "  zone: " + z + "\n  country: US\n  state: MA\n  locality: Boston\n  organization: Acme\n"
               "  commonName: " + host + "\n  sans: [" + host + "]\n  keyType: p256v1\n");
    out += Doc("CustomHostname", z + "-ch" + std::to_string(c),
               "  zone: " + z + "\n  hostname: " + host + "\n  ssl:\n    customCsr: " + csr +
                   "\n    settings: {minTlsVersion: \"1.2\", http2: \"on\"}\n");
    objects += 2;
  }
  for (int p = 0; objects < kObjectsPerFile; ++p, ++objects) {
    out += Doc("CertificatePack", z + "-pack" + std::to_string(p),
               "  zone: " + z + "\n  hosts: [" + apex + ", www" + std::to_string(p) + "." + apex + ", \"*." + apex +
                   "\"]\n  certificateAuthority: lets_encrypt\n  validityDays: 90\n  validationMethod: txt\n");
  }
  std::ofstream(dir / ("zone" + std::to_string(i) + ".yaml")) << out;
  return objects;
}

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::string pattern = (fs::temp_directory_path() / "edgecert-bench-XXXXXX").string();
  fs::path dir = ::mkdtemp(pattern.data());

  auto now = std::chrono::system_clock::now();
  auto ca = edgecert::crypto::CreateSelfSignedCa({"US", "", "", "Bench", "", "Bench CA"},
                                                 edgecert::crypto::KeyType::kP256, now - std::chrono::hours(1),
                                                 std::chrono::hours(24 * 365));
  if (!ca.ok()) {
    std::cerr << "cannot create the CA: " << ca.status().ToString() << "\n";
    return 1;
  }
  std::ofstream(dir / "ca.pem") << ca->certificate_pem;
  int objects = 0;
  for (int i = 0; i < kFiles; ++i) objects += WriteFile(dir, i);
  long rss_before = PeakRssKb();

  edgecert::SystemClock clock;
  edgecert::manifests::ManifestLoader loader(clock);
  std::vector<double> seconds;
  std::size_t loaded = 0;
  for (int it = 0; it < iterations; ++it) {
    auto start = std::chrono::steady_clock::now();
    auto load = loader.Load(dir);
    seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (!load.ok()) {
      std::cerr << "load failed: " << load.errors.front().Format() << "\n";
      fs::remove_all(dir);
      return 1;
    }
    loaded = load.state->size();
  }
  fs::remove_all(dir);
  std::sort(seconds.begin(), seconds.end());
  std::cout << "objects written:      " << objects << " in " << kFiles << " files\n"
            << "objects loaded:       " << loaded << "\n"
            << "iterations:           " << iterations << "\n"
            << "load+validate min:    " << seconds.front() << " s\n"
            << "load+validate median: " << seconds[seconds.size() / 2] << " s\n"
            << "load+validate max:    " << seconds.back() << " s\n"
            << "peak RSS before load: " << rss_before / 1024.0 << " MiB\n"
            << "peak RSS after loads: " << PeakRssKb() / 1024.0 << " MiB\n";
  return 0;
}
