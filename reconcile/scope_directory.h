// ScopeDirectory: turns the manifest's zone and account names into API ids — the id written in the
// manifest when there is one, else one lookup by name (GET /zones?name=, GET /accounts), cached for
// the process. Thread-safety: safe from several workers.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "api/client/cloudflare_client.h"
#include "common/status.h"
#include "manifests/desired_state.h"

namespace edgecert::reconcile {

class ScopeDirectory {
 public:
  explicit ScopeDirectory(api::CloudflareClient& client) : client_(client) {}

  // `zone` and `account` are manifest object names (metadata.name of a Zone / Account).
  Result<std::string> ZoneId(const manifests::DesiredState& desired, const std::string& zone);
  Result<std::string> AccountId(const manifests::DesiredState& desired, const std::string& account);

 private:
  api::CloudflareClient& client_;
  std::mutex mu_;
  std::map<std::string, std::string> zones_;     // guarded by mu_: manifest name -> id
  std::map<std::string, std::string> accounts_;  // guarded by mu_
};

}  // namespace edgecert::reconcile
