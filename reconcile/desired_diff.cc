#include "reconcile/desired_diff.h"

#include "manifests/canonical_form.h"

namespace edgecert::reconcile {
namespace {

template <typename T>
void AddAll(const std::vector<T>& objects, std::vector<T> manifests::DesiredObjects::*member,
            manifests::Kind kind, ObjectFingerprints& out) {
  for (const T& object : objects) {
    manifests::DesiredObjects one;
    (one.*member).push_back(object);
    out[ObjectKey{kind, object.meta.name}] = manifests::Sha256Hex(manifests::CanonicalForm(one));
  }
}

ObjectKey Key(manifests::Kind kind, const std::string& name) { return ObjectKey{kind, name}; }

}  // namespace

ObjectFingerprints FingerprintObjects(const manifests::DesiredState& d) {
  using manifests::DesiredObjects;
  using manifests::Kind;
  ObjectFingerprints out;
  AddAll(d.accounts(), &DesiredObjects::accounts, Kind::kAccount, out);
  AddAll(d.zones(), &DesiredObjects::zones, Kind::kZone, out);
  AddAll(d.certificate_packs(), &DesiredObjects::certificate_packs, Kind::kCertificatePack, out);
  AddAll(d.mtls_certificates(), &DesiredObjects::mtls_certificates, Kind::kMtlsCertificate, out);
  AddAll(d.hostname_associations(), &DesiredObjects::hostname_associations, Kind::kHostnameAssociation, out);
  AddAll(d.client_certificates(), &DesiredObjects::client_certificates, Kind::kClientCertificate, out);
  AddAll(d.custom_csrs(), &DesiredObjects::custom_csrs, Kind::kCustomCsr, out);
  AddAll(d.custom_hostnames(), &DesiredObjects::custom_hostnames, Kind::kCustomHostname, out);
  AddAll(d.universal_ssls(), &DesiredObjects::universal_ssls, Kind::kUniversalSsl, out);
  return out;
}

std::set<ObjectKey> ObjectsToRecheck(const ObjectFingerprints& before, const manifests::DesiredState& now,
                                     const ObjectFingerprints& now_fingerprints) {
  using manifests::Kind;
  std::set<ObjectKey> changed;  // in either snapshot
  for (const auto& [key, fp] : now_fingerprints) {
    auto it = before.find(key);
    if (it == before.end() || it->second != fp) changed.insert(key);
  }
  for (const auto& [key, fp] : before) {
    if (!now_fingerprints.count(key)) changed.insert(key);
  }
  std::set<std::string> zones_with_pack_change;
  for (const auto& key : changed) {
    if (!manifests::IsReconciled(key.kind)) {
      // Ids and names of scopes reach every object: look at everything again.
      std::set<ObjectKey> all;
      for (const auto& [k, fp] : now_fingerprints) all.insert(k);
      return all;
    }
  }
  auto is_changed = [&](Kind kind, const std::string& name) { return changed.count(Key(kind, name)) > 0; };
  for (const auto& p : now.certificate_packs()) {
    if (is_changed(Kind::kCertificatePack, p.meta.name)) zones_with_pack_change.insert(p.zone);
  }
  // A removed pack is known only by name; its zone may have any Universal SSL object, so re-check them.
  bool pack_removed = false;
  for (const auto& key : changed) pack_removed |= key.kind == Kind::kCertificatePack && !now_fingerprints.count(key);

  std::set<ObjectKey> out;
  for (const auto& key : changed) {
    if (now_fingerprints.count(key)) out.insert(key);
  }
  for (const auto& a : now.hostname_associations()) {
    if (is_changed(Kind::kMtlsCertificate, a.mtls_certificate)) out.insert(Key(Kind::kHostnameAssociation, a.meta.name));
  }
  for (const auto& h : now.custom_hostnames()) {
    if (!h.ssl.custom_csr.empty() && is_changed(Kind::kCustomCsr, h.ssl.custom_csr)) {
      out.insert(Key(Kind::kCustomHostname, h.meta.name));
    }
  }
  for (const auto& u : now.universal_ssls()) {
    if (pack_removed || zones_with_pack_change.count(u.zone)) out.insert(Key(Kind::kUniversalSsl, u.meta.name));
  }
  return out;
}

}  // namespace edgecert::reconcile
