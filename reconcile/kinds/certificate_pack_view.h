// What the CertificatePack reconciler reads out of one zone's pack list for one desired pack: the pack
// it owns, one it could adopt, the superseded packs still present, and how the owned one differs from
// the manifest (compared as the API reads back). Pure functions over values.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/client/types_certificate_pack.h"
#include "manifests/objects.h"
#include "reconcile/state/inventory.h"
#include "reconcile/plan.h"

namespace edgecert::reconcile {

struct PackView {
  std::optional<api::CertificatePack> current;    // the owned pack, if the API still has it
  // An unowned pack to adopt: the one a recorded intent ordered, else one with the same host set that
  // equals the manifest or differs only as far as spec.adoptionPolicy allows.
  std::optional<api::CertificatePack> adoptable;
  std::vector<FieldChange> adopt_fields;          // how `adoptable` differs (changed once adopted)
  // An unowned pack with the same host set that differs more than spec.adoptionPolicy allows: a
  // conflict, left alone (never adopted, never deleted, and no second pack is ordered beside it).
  std::optional<api::CertificatePack> conflict;
  std::vector<FieldChange> conflict_fields;
  std::vector<std::string> superseded_present;    // superseded ids the API still lists
  std::vector<FieldChange> replace_fields;        // hosts, certificate_authority, validity_days
  std::vector<FieldChange> update_fields;         // validation_method (while pending), cloudflare_branding
};

PackView ViewPacks(const manifests::CertificatePack& desired, const std::vector<api::CertificatePack>& listed,
                   const std::optional<OwnedObject>& owned, const std::optional<CreateIntent>& intent,
                   const Inventory& inventory);

// How `pack` differs from the manifest, as the API reads it back: fields that need a new pack, and
// fields that change in place.
void DiffPack(const api::CertificatePack& pack, const manifests::CertificatePack& desired,
              std::vector<FieldChange>& replace_fields, std::vector<FieldChange>& update_fields);

// Validation records as the operator has to create them.
std::vector<ValidationRecord> ToValidationRecords(const api::CertificatePack& pack);
// A fingerprint of the desired values, to see manifest edits in the inventory.
std::string PackSpecFingerprint(const manifests::CertificatePack& desired);
bool IsTimedOut(const std::string& status);
bool IsGone(const std::string& status);  // deleted or on its way out: never adopted

}  // namespace edgecert::reconcile
