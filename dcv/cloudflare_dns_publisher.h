// CloudflareDnsPublisher: for packs and custom hostnames whose manifest says validationRecords.publish:
// CloudflareDNS, keeps the TXT records of their dnsZone (DNS records API) in step with the status board:
// each pending TXT validation record is created once (listed first, so never duplicated, also after a
// restart or an ambiguous create), and removed once its object is active, failed, deleted, gone from
// the manifests or no longer publishing. Every record it creates carries the comment
// "managed by edgecert: KIND/NAME"; only records with that comment are ever deleted, so a record made
// by hand, even with the same name and value, is never touched. Each create and delete is logged with
// kind, name, zone and record name. Thread-safety: Sync calls are serialized.
#pragma once

#include <spdlog/logger.h>

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "api/client/cloudflare_client.h"
#include "common/status.h"
#include "manifests/desired_state.h"
#include "reconcile/object_status.h"
#include "reconcile/scope_directory.h"

namespace edgecert::dcv {

inline constexpr char kManagedCommentPrefix[] = "managed by edgecert: ";
// The comment a record published for `key` carries: "managed by edgecert: CertificatePack/www".
std::string ManagedComment(const reconcile::ObjectKey& key);

class CloudflareDnsPublisher {
 public:
  CloudflareDnsPublisher(api::CloudflareClient& client, reconcile::ScopeDirectory& scopes, spdlog::logger& log)
      : client_(client), scopes_(scopes), log_(log) {}

  // One pass over every object of `desired` that publishes. The first pass in a zone lists its TXT
  // records once to learn which are edgecert's (a restarted process adopts them, and removes those of
  // objects that settled meanwhile). Every record is tried; the error returned names each object whose
  // record could not be created or deleted (it is tried again at the next pass; nothing else is undone).
  Status Sync(const manifests::DesiredState& desired, const reconcile::ObjectStatusBoard& statuses);

 private:
  struct Published {
    reconcile::ObjectKey key;
    std::string zone_id;
    std::string zone;  // the apex, for logs
    std::string name;
    std::string content;
  };
  struct Wanted;

  Status Sweep(const std::string& zone_id, const std::string& apex);
  Status Publish(const Wanted& wanted);
  Status Unpublish(const std::string& id, const Published& record);

  api::CloudflareClient& client_;
  reconcile::ScopeDirectory& scopes_;
  spdlog::logger& log_;
  std::mutex mu_;                          // serializes Sync
  std::set<std::string> swept_;            // guarded by mu_: zone ids listed once
  std::map<std::string, Published> ours_;  // guarded by mu_: record id -> what edgecert published
};

}  // namespace edgecert::dcv
