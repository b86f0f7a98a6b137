// Credentials: how the client authenticates, read from the environment at startup.
// Accepted: CLOUDFLARE_API_TOKEN, or CLOUDFLARE_API_TOKEN_FILE (a file holding the token), or
// CLOUDFLARE_EMAIL with CLOUDFLARE_API_KEY. Anything missing or malformed is an error naming the
// variable to set. Secret values live only in Secret and leave it only as request headers.
// Thread-safety: immutable after construction.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/secret.h"
#include "common/status.h"

namespace edgecert::api {

using Environment = std::map<std::string, std::string>;

// The process environment as a map, for production callers; tests pass their own map.
Environment ProcessEnvironment();

class Credentials {
 public:
  enum class Scheme { kApiToken, kGlobalApiKey };

  static Result<Credentials> FromEnvironment(const Environment& env);
  // The token held in `path` (what CLOUDFLARE_API_TOKEN_FILE names): an error naming the file when it
  // cannot be read, is empty or holds more than one printable token. Also used to re-read a rotated file.
  static Result<Credentials> FromTokenFile(const std::string& path);
  static Credentials ApiToken(Secret token);
  static Credentials GlobalApiKey(std::string email, Secret key);

  Scheme scheme() const { return scheme_; }
  // "api_token" or "global_api_key": safe to log.
  std::string_view SchemeName() const;

  // The authentication headers (revealed values: put them on the wire, nowhere else).
  std::vector<std::pair<std::string, std::string>> AuthHeaders() const;

  // Same scheme and values (a re-read token file that did not change).
  bool SameAs(const Credentials& other) const;

  // Every secret value, so output can be scrubbed of them as a second line of defence.
  std::vector<std::string> SecretValues() const;

 private:
  Credentials(Scheme scheme, std::string email, Secret secret)
      : scheme_(scheme), email_(std::move(email)), secret_(std::move(secret)) {}

  Scheme scheme_;
  std::string email_;
  Secret secret_;
};

}  // namespace edgecert::api
