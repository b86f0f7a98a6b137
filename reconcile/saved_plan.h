// A plan saved by `edgecert plan --out FILE` for `edgecert apply FILE` (terraform's saved plans): the
// manifests directory, the desired snapshot hash, a fingerprint of the plan (what it read of the remote
// state and the inventory, and what it would do), the prune options, and the plan itself as JSON.
// apply re-reads the manifests and the remote state, plans again, and refuses unless both still match.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "common/status.h"
#include "reconcile/plan.h"
#include "reconcile/prune_guard.h"

namespace edgecert::reconcile {

inline constexpr int kSavedPlanFormatVersion = 1;

struct SavedPlanHeader {
  std::string manifest_dir;  // absolute
  std::string desired_hash;  // DesiredState::hash() the plan was made from
  std::string fingerprint;   // PlanFingerprint() of the plan
  PruneGuardOptions prune;   // the guard options the plan was made with; apply uses the same
};

// SHA-256 over every change (action, object, remote id, each field's before and after, the reason, which
// carries the remote status), every held-back deletion and every error, in order. Two plans with the
// same fingerprint would do the same writes to the same remote objects.
std::string PlanFingerprint(const Plan& plan);

// The saved-plan file: {"format_version", "manifest_dir", "desired_hash", "fingerprint", "prune":
// {"max_deletions", "allow_empty"}, "plan": <the JSON plan>}.
std::string SerializeSavedPlan(const SavedPlanHeader& header, const Plan& plan);
// Reads the header back; an error names what is wrong (not JSON, another format version, a field).
Result<SavedPlanHeader> ParseSavedPlan(const std::string& text);

// Ok when `desired_hash` and the plan made now match the saved plan; otherwise FailedPrecondition saying
// which changed and that nothing was applied.
Status CheckSavedPlan(const SavedPlanHeader& saved, const std::string& desired_hash, const Plan& now);

}  // namespace edgecert::reconcile
