// DesiredDiff: which objects a new desired snapshot asks the controller to look at again — those whose
// own fields changed, and those that refer to a changed object (a zone or account change touches
// everything in it). Pure; thread-safe.
#pragma once

#include <map>
#include <set>
#include <string>

#include "manifests/desired_state.h"
#include "reconcile/state/inventory_record.h"

namespace edgecert::reconcile {

// Per object ("Kind"/name, every kind including Zone and Account): SHA-256 of its canonical form.
using ObjectFingerprints = std::map<ObjectKey, std::string>;
ObjectFingerprints FingerprintObjects(const manifests::DesiredState& desired);

// Keys of `now` that are new or changed against `before`, plus the objects of `now` that depend on a
// changed, added or removed object.
std::set<ObjectKey> ObjectsToRecheck(const ObjectFingerprints& before, const manifests::DesiredState& now,
                                     const ObjectFingerprints& now_fingerprints);

}  // namespace edgecert::reconcile
