#include <map>

#include "manifests/rules.h"
#include "manifests/suggestions.h"

namespace edgecert::manifests {
namespace {

std::string Where(const SourceLocation& at) {
  return at.file + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
}

// Reports the second and later objects of a kind sharing a name.
template <typename T>
void CheckUniqueNames(Kind kind, const std::vector<T>& list, std::vector<Diagnostic>& errors) {
  std::map<std::string, const ObjectMeta*> seen;
  for (const T& object : list) {
    if (object.meta.name.empty()) continue;
    auto [it, inserted] = seen.emplace(object.meta.name, &object.meta);
    if (!inserted) {
      Report(errors, kind, object.meta, "metadata.name",
             "metadata.name: duplicate " + std::string(KindName(kind)) + " name; first defined at " +
                 Where(it->second->location));
    }
  }
}

template <typename T>
std::vector<std::string> NamesOf(const std::vector<T>& list) {
  std::vector<std::string> names;
  for (const T& object : list) names.push_back(object.meta.name);
  return names;
}

// Checks that `target` names an object of `target_kind`; an empty target was already reported as missing.
template <typename T>
void CheckReference(Kind kind, const ObjectMeta& meta, const std::string& field, const std::string& target,
                    Kind target_kind, const std::vector<T>& targets, std::vector<Diagnostic>& errors) {
  if (target.empty()) return;
  for (const T& t : targets) {
    if (t.meta.name == target) return;
  }
  std::string message = field + ": " + std::string(KindName(target_kind)) + " \"" + target + "\" is not defined";
  if (auto hint = ClosestMatch(target, NamesOf(targets))) message += "; did you mean \"" + *hint + "\"?";
  Report(errors, kind, meta, field, std::move(message));
}

template <typename T>
const T* FindByName(const std::vector<T>& list, const std::string& name) {
  for (const T& t : list) {
    if (t.meta.name == name) return &t;
  }
  return nullptr;
}

}  // namespace

void CheckReferences(const DecodedObjects& decoded, std::vector<Diagnostic>& errors) {
  const DesiredObjects& o = decoded.objects;
  CheckUniqueNames(Kind::kAccount, o.accounts, errors);
  CheckUniqueNames(Kind::kZone, o.zones, errors);
  CheckUniqueNames(Kind::kCertificatePack, o.certificate_packs, errors);
  CheckUniqueNames(Kind::kMtlsCertificate, o.mtls_certificates, errors);
  CheckUniqueNames(Kind::kHostnameAssociation, o.hostname_associations, errors);
  CheckUniqueNames(Kind::kClientCertificate, o.client_certificates, errors);
  CheckUniqueNames(Kind::kCustomCsr, o.custom_csrs, errors);
  CheckUniqueNames(Kind::kCustomHostname, o.custom_hostnames, errors);
  CheckUniqueNames(Kind::kUniversalSsl, o.universal_ssls, errors);

  // Identities on the remote side must not clash either.
  std::map<std::string, const Zone*> apexes;
  for (const Zone& z : o.zones) {
    if (z.apex.empty()) continue;
    auto [it, inserted] = apexes.emplace(z.apex, &z);
    if (!inserted) {
      Report(errors, Kind::kZone, z.meta, "spec.name",
             "spec.name: zone \"" + z.apex + "\" is already declared by Zone \"" + it->second->meta.name + "\"");
    }
  }
  std::map<std::string, const Account*> account_ids;
  for (const Account& a : o.accounts) {
    if (a.id.empty()) continue;
    auto [it, inserted] = account_ids.emplace(a.id, &a);
    if (!inserted) {
      Report(errors, Kind::kAccount, a.meta, "spec.id",
             "spec.id: account id is already declared by Account \"" + it->second->meta.name + "\"");
    }
  }
  std::map<std::string, const UniversalSsl*> universal_by_zone;
  for (const UniversalSsl& u : o.universal_ssls) {
    if (u.zone.empty()) continue;
    auto [it, inserted] = universal_by_zone.emplace(u.zone, &u);
    if (!inserted) {
      Report(errors, Kind::kUniversalSsl, u.meta, "spec.zone",
             "spec.zone: zone \"" + u.zone + "\" already has UniversalSSL \"" + it->second->meta.name + "\"");
    }
  }
  std::map<std::pair<std::string, std::string>, const CustomHostname*> custom_hostnames;  // (zone, hostname)
  for (const CustomHostname& h : o.custom_hostnames) {
    if (h.zone.empty() || h.hostname.empty()) continue;
    auto [it, inserted] = custom_hostnames.emplace(std::make_pair(h.zone, h.hostname), &h);
    if (!inserted) {
      Report(errors, Kind::kCustomHostname, h.meta, "spec.hostname",
             "spec.hostname: \"" + h.hostname + "\" is already a custom hostname of zone \"" + h.zone +
                 "\" (CustomHostname \"" + it->second->meta.name + "\"); a zone holds each hostname once");
    }
  }
  std::map<std::pair<std::string, std::string>, const HostnameAssociation*> associations;
  for (const HostnameAssociation& a : o.hostname_associations) {
    if (a.zone.empty() || a.mtls_certificate.empty()) continue;
    auto [it, inserted] = associations.emplace(std::make_pair(a.zone, a.mtls_certificate), &a);
    if (!inserted) {
      Report(errors, Kind::kHostnameAssociation, a.meta, "spec.mtlsCertificate",
             "spec.mtlsCertificate: zone \"" + a.zone + "\" and MTLSCertificate \"" + a.mtls_certificate +
                 "\" are already associated by HostnameAssociation \"" + it->second->meta.name +
                 "\"; list every hostname in one");
    }
  }

  for (const Zone& z : o.zones) {
    CheckReference(Kind::kZone, z.meta, "spec.account", z.account, Kind::kAccount, o.accounts, errors);
  }
  for (const CertificatePack& p : o.certificate_packs) {
    CheckReference(Kind::kCertificatePack, p.meta, "spec.zone", p.zone, Kind::kZone, o.zones, errors);
  }
  for (const MtlsCertificate& m : o.mtls_certificates) {
    CheckReference(Kind::kMtlsCertificate, m.meta, "spec.account", m.account, Kind::kAccount, o.accounts, errors);
  }
  for (const HostnameAssociation& a : o.hostname_associations) {
    CheckReference(Kind::kHostnameAssociation, a.meta, "spec.zone", a.zone, Kind::kZone, o.zones, errors);
    CheckReference(Kind::kHostnameAssociation, a.meta, "spec.mtlsCertificate", a.mtls_certificate,
                   Kind::kMtlsCertificate, o.mtls_certificates, errors);
    const Zone* zone = FindByName(o.zones, a.zone);
    const MtlsCertificate* cert = FindByName(o.mtls_certificates, a.mtls_certificate);
    if (zone != nullptr && cert != nullptr && !zone->account.empty() && !cert->account.empty() &&
        zone->account != cert->account) {
      Report(errors, Kind::kHostnameAssociation, a.meta, "spec.mtlsCertificate",
             "spec.mtlsCertificate: MTLSCertificate \"" + cert->meta.name + "\" belongs to Account \"" +
                 cert->account + "\" but zone \"" + zone->meta.name + "\" to Account \"" + zone->account + "\"");
    }
  }
  for (const ClientCertificate& c : o.client_certificates) {
    CheckReference(Kind::kClientCertificate, c.meta, "spec.zone", c.zone, Kind::kZone, o.zones, errors);
  }
  for (const CustomCsr& c : o.custom_csrs) {
    CheckReference(Kind::kCustomCsr, c.meta, "spec.zone", c.zone, Kind::kZone, o.zones, errors);
  }
  for (const CustomHostname& h : o.custom_hostnames) {
    CheckReference(Kind::kCustomHostname, h.meta, "spec.zone", h.zone, Kind::kZone, o.zones, errors);
    CheckReference(Kind::kCustomHostname, h.meta, "spec.ssl.customCsr", h.ssl.custom_csr, Kind::kCustomCsr,
                   o.custom_csrs, errors);
  }
  for (const UniversalSsl& u : o.universal_ssls) {
    CheckReference(Kind::kUniversalSsl, u.meta, "spec.zone", u.zone, Kind::kZone, o.zones, errors);
  }
}

}  // namespace edgecert::manifests
