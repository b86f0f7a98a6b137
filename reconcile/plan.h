// Plan: the ordered list of changes one pass would make, each with the reason it is needed.
// Produced by the diff of desired state, actual state and inventory; rendered by plan_renderer.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "manifests/kind.h"

namespace edgecert::reconcile {

enum class ChangeType {
  kNoOp,     // converged
  kCreate,   // + ordered / uploaded / created
  kUpdate,   // ~ changed in place
  kReplace,  // -/+ a new object first, then the old one deleted (never leaves hosts uncovered)
  kDelete,   // - pruned: owned, no longer in the manifests
  kAdopt,    // an existing unowned remote object matches a manifest; recorded as owned, no write
  kAdoptAndUpdate,   // an unowned object matches but differs; the manifest's adoptionPolicy lets it be
                     // adopted and changed in place
  kAdoptAndReplace,  // the same, replaced: a new object first, then the adopted one deleted
  kForget,    // owned, left the manifests with deletionPolicy Orphan: forgotten, left in place
  kConflict,  // an unowned object has this object's identity but differs: left alone until the manifest
              // opts in (adoptionPolicy) or someone removes it
};

std::string_view ChangeTypeName(ChangeType type);  // "create", "update", ...

struct FieldChange {
  std::string field;   // manifest field name, e.g. "hosts"
  std::string before;  // as the API reads it back; empty when absent
  std::string after;   // as the manifest wants it
};

struct PlannedChange {
  manifests::Kind kind{};  // manifest kind
  std::string name;       // metadata.name (for an unmanifested owned object: its inventory name)
  std::string zone;       // zone or account name the object lives in
  std::string remote_id;  // empty for a create
  ChangeType type = ChangeType::kNoOp;
  std::vector<FieldChange> fields;  // for update and replace: what differs
  std::string reason;               // one line for a human: why this change
};

struct Plan {
  std::vector<PlannedChange> changes;  // includes no-ops, so renderers can count them
  std::vector<std::string> held_back;  // deletions the prune guard refused, with the reason
  std::vector<std::string> errors;     // objects that could not be planned (API error, ...)

  std::size_t Count(ChangeType type) const;
  // True when applying would write anything (forgetting an orphan included).
  bool HasChanges() const;
  // True when anything is not settled: changes, held-back deletions or conflicts. What
  // `plan --detailed-exitcode` reports as 2.
  bool Pending() const;
};

}  // namespace edgecert::reconcile
