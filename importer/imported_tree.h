// ImportedTree: the manifests `edgecert import` writes for a RemoteSnapshot, in the layout of
// manifests/examples (account.yaml, zones.yaml, a directory per zone with a file per kind, mtls/ per
// account; certificates and CSRs as PEM files beside them), and the ownership records that make the
// next plan on that tree a no-op. Private keys are never exported: a manifest names a file the user
// must supply, with a comment saying so, and the tree's notes list every such file.
// Pure: builds values from values; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "importer/remote_snapshot.h"
#include "manifests/kind.h"
#include "reconcile/state/inventory_record.h"

namespace edgecert::importer {

struct ImportedFile {
  std::string path;     // relative to the output directory, "/"-separated
  std::string content;  // YAML or PEM text
};

struct ImportedTree {
  std::vector<ImportedFile> files;              // in writing order; unique paths
  std::vector<reconcile::OwnedObject> owned;    // what the inventory records as owned
  std::map<manifests::Kind, int> objects_per_kind;  // manifest objects written, by kind
  std::vector<std::string> supply;              // "path: why": files the user must put in place
  std::vector<std::string> notes;               // what the API does not say, so the manifests could not
  std::vector<std::string> skipped;             // remote objects seen and not imported, with why
};

// `inventory` is what the state store already owns: its names are kept for the objects it owns, and
// never given to another object.
ImportedTree BuildImportedTree(const RemoteSnapshot& snapshot, std::vector<reconcile::OwnedObject> inventory);

}  // namespace edgecert::importer
