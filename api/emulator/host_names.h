// Host name helpers shared by the handlers. Thread-safety: pure functions.
#pragma once

#include <cctype>
#include <string>

namespace edgecert::emulator {

inline std::string LowerCase(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "*.a.example.com" -> "a.example.com".
inline std::string BaseHost(const std::string& host) { return host.rfind("*.", 0) == 0 ? host.substr(2) : host; }

// True for the zone apex and every name below it (wildcards included).
inline bool HostInZone(const std::string& host, const std::string& zone) {
  const std::string base = BaseHost(host);
  return base == zone || (base.size() > zone.size() + 1 &&
                          base.compare(base.size() - zone.size(), zone.size(), zone) == 0 &&
                          base[base.size() - zone.size() - 1] == '.');
}

}  // namespace edgecert::emulator
