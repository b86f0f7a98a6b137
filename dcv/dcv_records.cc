#include "dcv/dcv_records.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <tuple>

namespace edgecert::dcv {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string WithoutDot(std::string name) {
  while (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

// A YAML double-quoted scalar (DNSEndpoint targets hold arbitrary TXT text).
std::string Quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// An RFC 1035 <character-string> sequence: quoted, '"' and '\' escaped, at most 255 bytes each.
std::string TxtStrings(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  do {
    const std::string chunk = text.substr(i, 255);
    std::string quoted = "\"";
    for (char c : chunk) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        quoted += '\\';
        quoted += c;
      } else if (u < 0x20 || u >= 0x7f) {
        char buf[5];
        std::snprintf(buf, sizeof buf, "\\%03u", u);
        quoted += buf;
      } else {
        quoted += c;
      }
    }
    out += (out.empty() ? "" : " ") + quoted + "\"";
    i += 255;
  } while (i < text.size());
  return out;
}

}  // namespace

std::vector<DnsRecord> PendingDnsRecords(const reconcile::ObjectStatus& status) {
  std::vector<DnsRecord> out;
  if (!manifests::FactsOf(status.key.kind).validation_records) return out;
  if (status.remote_status == "active" || status.phase == reconcile::Phase::kReady ||
      status.phase == reconcile::Phase::kDeleting || status.phase == reconcile::Phase::kFailed) {
    return out;
  }
  for (const auto& r : status.validation_records) {
    const std::string type = Lower(r.type);
    if (r.name.empty()) continue;
    if (type == "txt") out.push_back({"TXT", Lower(WithoutDot(r.name)), r.value});
    if (type == "cname" && !r.value.empty())
      out.push_back({"CNAME", Lower(WithoutDot(r.name)), Lower(WithoutDot(r.value))});
  }
  auto less = [](const DnsRecord& a, const DnsRecord& b) {
    return std::tie(a.name, a.type, a.value) < std::tie(b.name, b.type, b.value);
  };
  std::sort(out.begin(), out.end(), less);
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<reconcile::ObjectStatus> StatusesWithPendingRecords(const reconcile::ObjectStatusBoard& board) {
  return board.Select([](const reconcile::ObjectStatus& status) { return !PendingDnsRecords(status).empty(); });
}

std::string RenderDnsEndpoint(const reconcile::ObjectKey& key, const std::vector<DnsRecord>& records) {
  std::map<std::pair<std::string, std::string>, std::vector<std::string>> endpoints;  // (name, type) -> targets
  for (const auto& r : records) endpoints[{r.name, r.type}].push_back(r.value);
  std::string out = std::string(kMarker) + "\n# DCV records " + key.ToString() +
                    " waits for; removed once it is active.\n"
                    "apiVersion: externaldns.k8s.io/v1alpha1\n"
                    "kind: DNSEndpoint\n"
                    "metadata:\n"
                    "  name: " +
                    Lower("edgecert-" + std::string(manifests::KindName(key.kind)) + "-" + key.name) +
                    "\n"
                    "  labels:\n"
                    "    app.kubernetes.io/managed-by: edgecert\n"
                    "spec:\n"
                    "  endpoints:\n";
  for (const auto& [id, targets] : endpoints) {
    out += "    - dnsName: " + Quoted(id.first) + "\n";
    out += "      recordType: " + id.second + "\n";
    out += "      recordTTL: " + std::to_string(kRecordTtl) + "\n";
    out += "      targets:\n";
    for (const auto& t : targets) out += "        - " + Quoted(t) + "\n";
  }
  return out;
}

std::string RenderZoneFragment(const std::string& zone, const std::vector<ObjectRecords>& objects) {
  std::string out = std::string(kMarker) + "\n";
  out[0] = ';';  // zone files comment with ';'
  out += "; DCV records pending in zone " + zone + " (absolute names; $INCLUDE it or feed it to your DNS tool).\n";
  for (const auto& object : objects) {
    out += "; " + object.key.ToString() + "\n";
    for (const auto& r : object.records) {
      out += r.name + ". " + std::to_string(kRecordTtl) + " IN " + r.type + " " +
             (r.type == "TXT" ? TxtStrings(r.value) : r.value + ".") + "\n";
    }
  }
  return out;
}

}  // namespace edgecert::dcv
