// Builds manifest documents for rule tests: Doc("CertificatePack", "p", "zone: example-com\nhosts: [...]").
#pragma once

#include <sstream>
#include <string>

namespace edgecert::manifests::testing {

inline std::string Doc(const std::string& kind, const std::string& name, const std::string& spec) {
  std::ostringstream out;
  out << "---\napiVersion: edgecert.dev/v1\nkind: " << kind << "\nmetadata:\n  name: " << name << "\nspec:\n";
  std::istringstream lines(spec);
  for (std::string line; std::getline(lines, line);) out << "  " << line << "\n";
  return out.str();
}

inline std::string Pack(const std::string& name, const std::string& hosts, const std::string& extra = "") {
  return Doc("CertificatePack", name,
             "zone: example-com\nhosts: " + hosts +
                 "\ncertificateAuthority: google\nvalidityDays: 90\nvalidationMethod: txt\n" + extra);
}

}  // namespace edgecert::manifests::testing
