#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "manifests/rules.h"

namespace edgecert::manifests {
namespace {

constexpr int kMaxClientValidityDays = 3650;

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string Item(const std::string& field, std::size_t i) { return field + "[" + std::to_string(i) + "]"; }

const Zone* FindZone(const DesiredObjects& o, const std::string& name) {
  for (const Zone& z : o.zones) {
    if (z.meta.name == name) return &z;
  }
  return nullptr;
}

// Each host valid, listed once, and (when the zone is known) inside the zone.
void CheckHostList(Kind kind, const ObjectMeta& meta, const std::string& field,
                   const std::vector<std::string>& hosts, const Zone* zone, std::vector<Diagnostic>& errors) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    const std::string& h = hosts[i];
    std::string at = Item(field, i);
    if (!IsValidHostname(h, true)) {
      Report(errors, kind, meta, at, at + ": " + Quote(h) + " is not a valid hostname");
      continue;
    }
    if (!seen.insert(h).second) {
      Report(errors, kind, meta, at, at + ": " + Quote(h) + " is listed twice");
      continue;
    }
    if (zone != nullptr && !zone->apex.empty() && !IsInZone(h, zone->apex)) {
      Report(errors, kind, meta, at, at + ": " + Quote(h) + " is not in zone " + Quote(zone->apex));
    }
  }
}

void CheckAccounts(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  for (std::size_t i = 0; i < d.objects.accounts.size(); ++i) {
    const Account& a = d.objects.accounts[i];
    if (!d.Complete(Kind::kAccount, i)) continue;
    if (a.id.empty() && a.account_name.empty()) {
      Report(errors, Kind::kAccount, a.meta, "spec", "spec: give id or name (the account name is looked up)");
    }
    if (!a.id.empty() && !IsHexId(a.id)) {
      Report(errors, Kind::kAccount, a.meta, "spec.id", "spec.id: must be 32 lowercase hexadecimal characters");
    }
  }
}

void CheckZones(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  for (std::size_t i = 0; i < d.objects.zones.size(); ++i) {
    const Zone& z = d.objects.zones[i];
    if (!d.Complete(Kind::kZone, i)) continue;
    if (!IsValidHostname(z.apex, false) || z.apex.find('.') == std::string::npos) {
      Report(errors, Kind::kZone, z.meta, "spec.name", "spec.name: " + Quote(z.apex) + " is not a valid zone name");
    }
    if (!z.id.empty() && !IsHexId(z.id)) {
      Report(errors, Kind::kZone, z.meta, "spec.id", "spec.id: must be 32 lowercase hexadecimal characters");
    }
  }
}

void CheckCertificatePacks(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  for (std::size_t i = 0; i < d.objects.certificate_packs.size(); ++i) {
    const CertificatePack& p = d.objects.certificate_packs[i];
    if (!d.Complete(Kind::kCertificatePack, i)) continue;
    const Kind k = Kind::kCertificatePack;
    if (p.hosts.empty()) {
      Report(errors, k, p.meta, "spec.hosts", "spec.hosts: at least one host is required");
      continue;
    }
    if (p.hosts.size() > kMaxPackHosts) {
      Report(errors, k, p.meta, "spec.hosts",
             "spec.hosts: " + std::to_string(p.hosts.size()) + " hosts; at most 50 are allowed");
    }
    const Zone* zone = FindZone(d.objects, p.zone);
    CheckHostList(k, p.meta, "spec.hosts", p.hosts, zone, errors);
    if (zone != nullptr && !zone->apex.empty() &&
        std::find(p.hosts.begin(), p.hosts.end(), zone->apex) == p.hosts.end()) {
      Report(errors, k, p.meta, "spec.hosts", "spec.hosts: must contain the zone apex " + Quote(zone->apex));
    }
    // The API answers 1406: an HTTP token cannot prove control of every name a wildcard covers.
    auto wildcard = std::find_if(p.hosts.begin(), p.hosts.end(), [](const std::string& h) { return h.starts_with("*."); });
    if (p.validation_method == "http" && wildcard != p.hosts.end()) {
      Report(errors, k, p.meta, "spec.validationMethod",
             "spec.validationMethod: http validation is not available for wildcard host " + Quote(*wildcard) +
                 "; use txt or email");
    }
  }
}

void CheckHostnameAssociations(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  // A hostname validates client certificates against one CA only.
  std::map<std::pair<std::string, std::string>, const HostnameAssociation*> owner;  // (zone, host)
  for (std::size_t i = 0; i < d.objects.hostname_associations.size(); ++i) {
    const HostnameAssociation& a = d.objects.hostname_associations[i];
    if (!d.Complete(Kind::kHostnameAssociation, i)) continue;
    const Kind k = Kind::kHostnameAssociation;
    CheckHostList(k, a.meta, "spec.hostnames", a.hostnames, FindZone(d.objects, a.zone), errors);
    for (std::size_t h = 0; h < a.hostnames.size(); ++h) {
      auto [it, inserted] = owner.emplace(std::make_pair(a.zone, a.hostnames[h]), &a);
      if (!inserted && it->second != &a) {
        std::string at = Item("spec.hostnames", h);
        Report(errors, k, a.meta, at,
               at + ": " + Quote(a.hostnames[h]) + " is already associated with MTLSCertificate " +
                   Quote(it->second->mtls_certificate) + " by HostnameAssociation " +
                   Quote(it->second->meta.name));
      }
    }
    for (const MtlsCertificate& m : d.objects.mtls_certificates) {
      if (m.meta.name == a.mtls_certificate && !m.ca) {
        Report(errors, k, a.meta, "spec.mtlsCertificate",
               "spec.mtlsCertificate: MTLSCertificate " + Quote(m.meta.name) +
                   " is not a CA (ca: false); only CA certificates validate client certificates");
      }
    }
  }
}

void CheckClientCertificates(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  for (std::size_t i = 0; i < d.objects.client_certificates.size(); ++i) {
    const ClientCertificate& c = d.objects.client_certificates[i];
    if (!d.Complete(Kind::kClientCertificate, i)) continue;
    const Kind k = Kind::kClientCertificate;
    if (c.validity_days <= 0 || c.validity_days > kMaxClientValidityDays) {
      Report(errors, k, c.meta, "spec.validityDays",
             "spec.validityDays: " + std::to_string(c.validity_days) + " is not allowed; between 1 and 3650 days");
      continue;
    }
    if (c.renew_before >= std::chrono::hours(24) * c.validity_days) {
      Report(errors, k, c.meta, "spec.renewBefore",
             "spec.renewBefore: must be shorter than validityDays (" + std::to_string(c.validity_days) +
                 " days), or the certificate is renewed as soon as it is issued");
    }
  }
}

bool IsCountryCode(const std::string& c) {
  return c.size() == 2 && std::isupper(static_cast<unsigned char>(c[0])) &&
         std::isupper(static_cast<unsigned char>(c[1]));
}

void CheckCustomCsrs(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  for (std::size_t i = 0; i < d.objects.custom_csrs.size(); ++i) {
    const CustomCsr& c = d.objects.custom_csrs[i];
    if (!d.Complete(Kind::kCustomCsr, i)) continue;
    const Kind k = Kind::kCustomCsr;
    const std::string& cn = c.subject.common_name;
    if (!IsCountryCode(c.subject.country)) {
      Report(errors, k, c.meta, "spec.country",
             "spec.country: " + Quote(c.subject.country) + " is not a two-letter country code (e.g. \"US\")");
    }
    if (cn.size() > kMaxCommonName) {
      Report(errors, k, c.meta, "spec.commonName",
             "spec.commonName: " + std::to_string(cn.size()) + " characters; at most 64 are allowed");
    }
    if (c.sans.empty()) {
      Report(errors, k, c.meta, "spec.sans", "spec.sans: at least one SAN is required");
      continue;
    }
    for (std::size_t s = 0; s < c.sans.size(); ++s) {
      std::string at = Item("spec.sans", s);
      if (c.sans[s].size() > kMaxSan) {
        Report(errors, k, c.meta, at,
               at + ": " + std::to_string(c.sans[s].size()) + " characters; at most 255 are allowed");
      } else if (!IsValidHostname(c.sans[s], true)) {
        Report(errors, k, c.meta, at, at + ": " + Quote(c.sans[s]) + " is not a valid hostname");
      }
    }
    if (std::find(c.sans.begin(), c.sans.end(), cn) == c.sans.end()) {
      Report(errors, k, c.meta, "spec.sans", "spec.sans: must include the common name " + Quote(cn));
    }
  }
}

bool CoveredBy(const std::string& host, const std::vector<std::string>& names) {
  for (const std::string& n : names) {
    if (n == host) return true;
    if (n.starts_with("*.") && host.size() > n.size() - 1 && host.ends_with(n.substr(1)) &&
        host.find('.') == host.size() - (n.size() - 1)) {
      return true;
    }
  }
  return false;
}

void CheckCustomHostnames(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  for (std::size_t i = 0; i < d.objects.custom_hostnames.size(); ++i) {
    const CustomHostname& h = d.objects.custom_hostnames[i];
    if (!d.Complete(Kind::kCustomHostname, i)) continue;
    const Kind k = Kind::kCustomHostname;
    if (!IsValidHostname(h.hostname, true)) {
      Report(errors, k, h.meta, "spec.hostname", "spec.hostname: " + Quote(h.hostname) + " is not a valid hostname");
    }
    if (!h.custom_origin_server.empty() && !IsValidHostname(h.custom_origin_server, false)) {
      Report(errors, k, h.meta, "spec.customOriginServer",
             "spec.customOriginServer: " + Quote(h.custom_origin_server) + " is not a valid hostname");
    }
    const CustomHostnameSsl& ssl = h.ssl;
    if (!ssl.custom_csr.empty() && ssl.custom_key) {
      Report(errors, k, h.meta, "spec.ssl.customKey",
             "spec.ssl.customKey: not allowed with customCsr: the CSR's private key is held by Cloudflare");
    }
    if (ssl.custom_key && !ssl.custom_certificate) {
      Report(errors, k, h.meta, "spec.ssl.customKey", "spec.ssl.customKey: needs customCertificate");
    }
    if (ssl.custom_certificate && ssl.custom_csr.empty() && !ssl.custom_key) {
      Report(errors, k, h.meta, "spec.ssl.customCertificate",
             "spec.ssl.customCertificate: needs customCsr (key held by Cloudflare) or customKey");
    }
    for (const CustomCsr& csr : d.objects.custom_csrs) {
      if (csr.meta.name != ssl.custom_csr) continue;
      if (!csr.zone.empty() && csr.zone != h.zone) {
        Report(errors, k, h.meta, "spec.ssl.customCsr",
               "spec.ssl.customCsr: CustomCSR " + Quote(csr.meta.name) + " belongs to zone " + Quote(csr.zone) +
                   ", not " + Quote(h.zone));
      } else if (!CoveredBy(h.hostname, csr.sans)) {
        Report(errors, k, h.meta, "spec.hostname",
               "spec.hostname: " + Quote(h.hostname) + " is not among the SANs of CustomCSR " +
                   Quote(csr.meta.name));
      }
    }
  }
}

// Turning Universal SSL off removes the zone's free edge certificate. Offline we can only see the
// manifests, so the guard asks for a CertificatePack of the zone in the same desired state (or force).
void CheckUniversalSsl(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  for (std::size_t i = 0; i < d.objects.universal_ssls.size(); ++i) {
    const UniversalSsl& u = d.objects.universal_ssls[i];
    if (!d.Complete(Kind::kUniversalSsl, i) || u.enabled || u.force) continue;
    bool has_pack = std::any_of(d.objects.certificate_packs.begin(), d.objects.certificate_packs.end(),
                                [&](const CertificatePack& p) { return p.zone == u.zone; });
    if (!has_pack) {
      Report(errors, Kind::kUniversalSsl, u.meta, "spec.enabled",
             "spec.enabled: disabling Universal SSL would leave zone " + Quote(u.zone) +
                 " without an edge certificate (no CertificatePack for it); add one or set force: true");
    }
  }
}

}  // namespace

void Report(std::vector<Diagnostic>& errors, Kind kind, const ObjectMeta& meta, const std::string& field,
            std::string message) {
  errors.push_back(Diagnostic{meta.At(field), std::string(KindName(kind)), meta.name, std::move(message)});
}

bool IsValidHostname(std::string_view host, bool allow_wildcard) {
  if (allow_wildcard && host.starts_with("*.")) host.remove_prefix(2);
  if (host.empty() || host.size() > 253) return false;
  std::size_t start = 0;
  while (start <= host.size()) {
    std::size_t end = host.find('.', start);
    if (end == std::string_view::npos) end = host.size();
    std::string_view label = host.substr(start, end - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    start = end + 1;
  }
  return true;
}

bool IsInZone(std::string_view host, std::string_view apex) {
  if (host.starts_with("*.")) host.remove_prefix(2);
  return host == apex || (host.size() > apex.size() && host.ends_with(apex) &&
                          host[host.size() - apex.size() - 1] == '.');
}

bool IsHexId(std::string_view id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void CheckContentRules(const DecodedObjects& decoded, std::vector<Diagnostic>& errors) {
  CheckAccounts(decoded, errors);
  CheckZones(decoded, errors);
  CheckCertificatePacks(decoded, errors);
  CheckHostnameAssociations(decoded, errors);
  CheckClientCertificates(decoded, errors);
  CheckCustomCsrs(decoded, errors);
  CheckCustomHostnames(decoded, errors);
  CheckUniversalSsl(decoded, errors);
}

}  // namespace edgecert::manifests
