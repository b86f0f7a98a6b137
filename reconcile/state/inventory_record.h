// The records of the ownership inventory: which remote objects edgecert owns, and which creates it
// was about to send when it last stopped. Plain values; Inventory (inventory.h) guards a set of them.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "manifests/kind.h"

namespace edgecert::reconcile {

// A manifest object: its kind and metadata.name.
struct ObjectKey {
  manifests::Kind kind{};
  std::string name;

  bool operator==(const ObjectKey&) const = default;
  // By kind name, then name: the order inventories, plans and /status have always listed objects in.
  std::strong_ordering operator<=>(const ObjectKey& other) const;
  std::string ToString() const;  // "CertificatePack/www"
};

// The kind a file or message names: an unknown name (a newer edgecert's kind, a hand edit) is a
// FailedPrecondition naming it and the kinds this edgecert knows, never a crash.
Result<manifests::Kind> ParseKindName(std::string_view name);

// A DNS or HTTP record the operator may have to create ({"txt", "_acme-challenge.example.com", "..."}).
struct ValidationRecord {
  std::string type;
  std::string name;
  std::string value;

  bool operator==(const ValidationRecord&) const = default;
};

// One remote object edgecert owns.
struct OwnedObject {
  ObjectKey key;
  std::string remote_id;
  std::string scope_id;          // zone or account id, as the kind's KindFacts::scope says
  std::string spec_fingerprint;  // hash of the desired spec last applied, to see manifest edits
  std::string remote_status;     // last status the API reported ("active", "pending_validation", ...)
  // Kept after the API stops returning them, so the operator can still see what was asked for.
  std::vector<ValidationRecord> validation_records;
  // Older remote objects of this key still owned during a replace: deleted once the new one is ready.
  std::vector<std::string> superseded_remote_ids;
  // The manifest said `deletionPolicy: Orphan`: once the manifest is gone the object is forgotten, not
  // deleted. Kept here because the manifest that said so is gone by then. The apply loop sets it.
  bool orphan = false;
  // The manifest file that declared it, relative to the manifests directory (empty: not known yet). A
  // file that loads to no object while owned objects came from it is refused, not read as deletions.
  std::string manifest_file = {};  // (a default, so positional initializers may leave it out)

  bool operator==(const OwnedObject&) const = default;
};

// Written before a non-idempotent create. After a crash or an ambiguous failure the reconciler lists
// the scope and adopts the object matching `match_key` before it ever creates again.
struct CreateIntent {
  ObjectKey key;
  std::string scope_id;
  std::string match_key;  // what identifies the object remotely, e.g. MatchKeyForHosts(hosts)
  std::chrono::system_clock::time_point created_at;  // kept to whole seconds

  bool operator==(const CreateIntent&) const = default;
};

// Everything the inventory holds; at most one pending create per key.
struct InventoryRecords {
  std::map<ObjectKey, OwnedObject> objects;
  std::map<ObjectKey, CreateIntent> intents;
  // Unix seconds of recent deletions, oldest first (the prune guard's sliding window).
  std::vector<std::int64_t> deletions;

  bool operator==(const InventoryRecords&) const = default;
};

// Canonical match key for a host set: lowercased, sorted, duplicates removed, joined with ",".
std::string MatchKeyForHosts(std::vector<std::string> hosts);

}  // namespace edgecert::reconcile
