// spec.validationRecords: publishing DCV TXT records through a Cloudflare zone's DNS records API works
// only where there are TXT records to publish and a zone to hold them, so validate refuses it elsewhere:
// a pack validated by http or email, a custom hostname without ssl.method: txt or with its own
// certificate, a custom hostname without dnsZone, a dnsZone that is not a Zone, or one that does not
// hold the record names.
#include "manifests/rules.h"
#include "manifests/suggestions.h"

namespace edgecert::manifests {
namespace {

constexpr char kPublish[] = "spec.validationRecords.publish";
constexpr char kDnsZone[] = "spec.validationRecords.dnsZone";

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

// The Zone `name` refers to, or null after reporting that it is not defined.
const Zone* DnsZone(const DesiredObjects& o, Kind kind, const ObjectMeta& meta, const std::string& name,
                    std::vector<Diagnostic>& errors) {
  std::vector<std::string> names;
  for (const Zone& z : o.zones) {
    if (z.meta.name == name) return &z;
    names.push_back(z.meta.name);
  }
  std::string message = std::string(kDnsZone) + ": Zone " + Quote(name) + " is not defined";
  if (auto hint = ClosestMatch(name, names)) message += "; did you mean " + Quote(*hint) + "?";
  Report(errors, kind, meta, kDnsZone, std::move(message));
  return nullptr;
}

// The DCV TXT record of `host` ("_acme-challenge.<host>", a wildcard's at its base name) inside `zone`.
void CheckRecordInZone(Kind kind, const ObjectMeta& meta, std::string host, const Zone& zone,
                       std::vector<Diagnostic>& errors) {
  if (host.starts_with("*.")) host.erase(0, 2);
  if (zone.apex.empty() || IsInZone(host, zone.apex)) return;
  Report(errors, kind, meta, kDnsZone,
         std::string(kDnsZone) + ": the validation record of " + Quote(host) + " (_acme-challenge." + host +
             ") is not in zone " + Quote(zone.apex) + " of Zone " + Quote(zone.meta.name));
}

void CheckPacks(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  const Kind k = Kind::kCertificatePack;
  for (std::size_t i = 0; i < d.objects.certificate_packs.size(); ++i) {
    const CertificatePack& p = d.objects.certificate_packs[i];
    if (!d.Complete(k, i) || !p.validation_records.enabled()) continue;
    if (p.validation_method != "txt") {
      Report(errors, k, p.meta, kPublish,
             std::string(kPublish) + ": CloudflareDNS publishes TXT records, but validationMethod is " +
                 Quote(p.validation_method) + " (http and email validation need no DNS record); use txt or None");
      continue;
    }
    if (p.validation_records.dns_zone.empty()) continue;  // the pack's own zone holds every host
    const Zone* zone = DnsZone(d.objects, k, p.meta, p.validation_records.dns_zone, errors);
    if (zone == nullptr) continue;
    for (const std::string& host : p.hosts) CheckRecordInZone(k, p.meta, host, *zone, errors);
  }
}

void CheckCustomHostnames(const DecodedObjects& d, std::vector<Diagnostic>& errors) {
  const Kind k = Kind::kCustomHostname;
  for (std::size_t i = 0; i < d.objects.custom_hostnames.size(); ++i) {
    const CustomHostname& h = d.objects.custom_hostnames[i];
    if (!d.Complete(k, i) || !h.validation_records.enabled()) continue;
    if (h.ssl.custom_certificate) {
      Report(errors, k, h.meta, kPublish,
             std::string(kPublish) +
                 ": CloudflareDNS publishes DCV TXT records, but the hostname brings its own "
                 "certificate (ssl.customCertificate), which needs none; use None");
      continue;
    }
    if (h.ssl.method != "txt") {
      Report(errors, k, h.meta, kPublish,
             std::string(kPublish) + ": CloudflareDNS publishes TXT records, so ssl.method must be txt (it is " +
                 (h.ssl.method.empty() ? std::string("not set: the API's default, http") : Quote(h.ssl.method)) + ")");
      continue;
    }
    if (h.validation_records.dns_zone.empty()) {
      Report(errors, k, h.meta, kPublish,
             std::string(kPublish) +
                 ": CloudflareDNS needs dnsZone: the records live in the customer's zone, "
                 "not in the SaaS zone; name the Zone (on Cloudflare, editable by the token) "
                 "that holds " +
                 Quote(h.hostname));
      continue;
    }
    const Zone* zone = DnsZone(d.objects, k, h.meta, h.validation_records.dns_zone, errors);
    if (zone != nullptr) CheckRecordInZone(k, h.meta, h.hostname, *zone, errors);
  }
}

}  // namespace

void CheckValidationRecordsRules(const DecodedObjects& decoded, std::vector<Diagnostic>& errors) {
  CheckPacks(decoded, errors);
  CheckCustomHostnames(decoded, errors);
}

}  // namespace edgecert::manifests
