#include "reconcile/kinds/certificate_pack_view.h"

#include "reconcile/kinds/read_back.h"

namespace edgecert::reconcile {
namespace {

constexpr manifests::Kind kKind = manifests::Kind::kCertificatePack;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

bool IsTimedOut(const std::string& status) { return EndsWith(status, "_timed_out"); }

bool IsGone(const std::string& status) {
  return status == "deleted" || status == "pending_deletion" || status == "deletion_timed_out" ||
         status == "expired" || status == "inactive" || status == "deactivating";
}

std::string PackSpecFingerprint(const manifests::CertificatePack& d) {
  return JoinHostSet(d.hosts) + "|" + d.certificate_authority + "|" + std::to_string(d.validity_days) + "|" +
         d.validation_method + "|" + (d.cloudflare_branding ? "branding" : "");
}

std::vector<ValidationRecord> ToValidationRecords(const api::CertificatePack& pack) {
  std::vector<ValidationRecord> out;
  for (const auto& r : pack.validation_records) {
    if (r.txt_name) out.push_back({"txt", *r.txt_name, r.txt_value.value_or("")});
    if (r.http_url) out.push_back({"http", *r.http_url, r.http_body.value_or("")});
    if (r.cname) out.push_back({"cname", *r.cname, r.cname_target.value_or("")});
    for (const auto& email : r.emails) out.push_back({"email", email, ""});
  }
  return out;
}

void DiffPack(const api::CertificatePack& c, const manifests::CertificatePack& desired,
              std::vector<FieldChange>& replace_fields, std::vector<FieldChange>& update_fields) {
  if (!SameHostSet(c.hosts, desired.hosts)) {
    replace_fields.push_back({"hosts", JoinHostSet(c.hosts), JoinHostSet(desired.hosts)});
  }
  if (c.certificate_authority && *c.certificate_authority != desired.certificate_authority) {
    replace_fields.push_back({"certificate_authority", *c.certificate_authority, desired.certificate_authority});
  }
  if (c.validity_days && *c.validity_days != desired.validity_days) {
    replace_fields.push_back({"validity_days", std::to_string(*c.validity_days), std::to_string(desired.validity_days)});
  }
  // The validation method only matters (and can only change) while validation is pending.
  if (c.status == "pending_validation" && c.validation_method && *c.validation_method != desired.validation_method) {
    update_fields.push_back({"validation_method", *c.validation_method, desired.validation_method});
  }
  if (!SameOptionalBool(c.cloudflare_branding, desired.cloudflare_branding, false)) {
    update_fields.push_back({"cloudflare_branding", c.cloudflare_branding.value_or(false) ? "true" : "false",
                             desired.cloudflare_branding ? "true" : "false"});
  }
}

PackView ViewPacks(const manifests::CertificatePack& desired, const std::vector<api::CertificatePack>& listed,
                   const std::optional<OwnedObject>& owned, const std::optional<CreateIntent>& intent,
                   const Inventory& inventory) {
  PackView view;
  for (const auto& pack : listed) {
    if (owned && pack.id == owned->remote_id && !IsGone(pack.status)) view.current = pack;
    if (owned) {
      for (const auto& old : owned->superseded_remote_ids) {
        if (pack.id == old && pack.status != "deleted") view.superseded_present.push_back(old);
      }
    }
  }
  if (!view.current || intent) {
    // Adopt: first what a recorded intent ordered (also mid-replace, while the old pack is current),
    // else an unowned advanced pack with the same hosts, as far as the adoption policy allows.
    const std::string wanted = intent ? intent->match_key : MatchKeyForHosts(desired.hosts);
    for (const auto& pack : listed) {
      if (pack.type != "advanced" || IsGone(pack.status)) continue;
      if (MatchKeyForHosts(pack.hosts) != wanted) continue;
      if (inventory.FindByRemoteId(kKind, pack.id)) continue;  // someone else's (or a superseded one)
      if (intent) {
        view.adoptable = pack;  // edgecert's own order, answered ambiguously or interrupted
        break;
      }
      std::vector<FieldChange> replace_fields;
      std::vector<FieldChange> update_fields;
      DiffPack(pack, desired, replace_fields, update_fields);
      const manifests::AdoptionPolicy policy = desired.adoption_policy;
      const bool allowed = policy == manifests::AdoptionPolicy::kReplace ||
                           (replace_fields.empty() &&
                            (update_fields.empty() || policy == manifests::AdoptionPolicy::kUpdate));
      std::vector<FieldChange> fields = std::move(replace_fields);
      fields.insert(fields.end(), update_fields.begin(), update_fields.end());
      if (allowed) {
        view.adoptable = pack;
        view.adopt_fields = std::move(fields);
        view.conflict.reset();
        break;
      }
      if (!view.conflict) {
        view.conflict = pack;
        view.conflict_fields = std::move(fields);
      }
    }
  }
  if (!view.current) return view;
  DiffPack(*view.current, desired, view.replace_fields, view.update_fields);
  return view;
}

}  // namespace edgecert::reconcile
