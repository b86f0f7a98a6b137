// Names for imported objects: metadata.name values derived from what the API says (hosts, hostnames,
// common names), made unique per kind, and the names the ownership inventory already gives a remote
// object kept as they are, so importing what edgecert applied reproduces its manifests' names.
// Not thread-safe; one NameBook per import.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "reconcile/state/inventory_record.h"

namespace edgecert::importer {

// A valid metadata.name from free text: lowercase letters, digits, "-" and "."; "*" becomes
// "wildcard"; other characters become "-". Empty when nothing usable is left.
std::string Slug(std::string_view text);

// The name a certificate pack gets from its hosts: its first host below the apex with the dots made
// dashes ("www-example-com", "wildcard-example-com"), else the apex's.
std::string PackName(const std::vector<std::string>& hosts, std::string_view apex);

class NameBook {
 public:
  // Names the inventory uses for other remote objects are never handed out.
  explicit NameBook(std::vector<reconcile::OwnedObject> owned) : owned_(std::move(owned)) {}

  // The name of the remote object `remote_id` of `kind` in `scope_id` (zone or account id): the
  // inventory's name when it owns it, else `wanted` (or Slug(`fallback`) when `wanted` is empty), with
  // "-2", "-3", ... added until unique.
  std::string Take(manifests::Kind kind, std::string_view scope_id, std::string_view remote_id, std::string wanted,
                   std::string_view fallback);

 private:
  bool Free(manifests::Kind kind, const std::string& name) const;

  std::vector<reconcile::OwnedObject> owned_;
  std::map<manifests::Kind, std::set<std::string>> taken_;  // kind -> names handed out
};

}  // namespace edgecert::importer
