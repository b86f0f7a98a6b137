#include "api/client/credentials.h"

#include <fstream>
#include <sstream>

extern char** environ;  // POSIX: the process environment, read once at startup

namespace edgecert::api {
namespace {

constexpr const char* kToken = "CLOUDFLARE_API_TOKEN";
constexpr const char* kTokenFile = "CLOUDFLARE_API_TOKEN_FILE";
constexpr const char* kEmail = "CLOUDFLARE_EMAIL";
constexpr const char* kKey = "CLOUDFLARE_API_KEY";

const std::string* Lookup(const Environment& env, const char* name) {
  auto it = env.find(name);
  if (it == env.end() || it->second.empty()) return nullptr;
  return &it->second;
}

std::string Trim(const std::string& s) {
  const char* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// A header value must be printable ASCII without spaces: anything else is a copy-paste accident
// (or a header injection) and would be rejected by the API anyway.
bool IsHeaderSafeToken(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

Status Malformed(const char* variable, const char* what) {
  return InvalidArgument(std::string(variable) + " is malformed: " + what +
                         " (the value is not shown)");
}

}  // namespace

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

Credentials Credentials::ApiToken(Secret token) {
  return Credentials(Scheme::kApiToken, "", std::move(token));
}

Credentials Credentials::GlobalApiKey(std::string email, Secret key) {
  return Credentials(Scheme::kGlobalApiKey, std::move(email), std::move(key));
}

Result<Credentials> Credentials::FromEnvironment(const Environment& env) {
  const std::string* token = Lookup(env, kToken);
  const std::string* token_file = Lookup(env, kTokenFile);
  const std::string* email = Lookup(env, kEmail);
  const std::string* key = Lookup(env, kKey);

  if (token != nullptr && token_file != nullptr) {
    return InvalidArgument(std::string("both ") + kToken + " and " + kTokenFile +
                           " are set; set only one of them");
  }
  if ((token != nullptr || token_file != nullptr) && (email != nullptr || key != nullptr)) {
    return InvalidArgument(std::string("both an API token and ") + kEmail + "/" + kKey +
                           " are set; set either " + kToken + " (or " + kTokenFile + ") or " +
                           kEmail + " with " + kKey);
  }
  if (token != nullptr) {
    std::string value = Trim(*token);
    if (!IsHeaderSafeToken(value)) return Malformed(kToken, "it must be printable ASCII without spaces");
    return ApiToken(Secret(std::move(value)));
  }
  if (token_file != nullptr) return FromTokenFile(*token_file);
  if (email != nullptr || key != nullptr) {
    if (email == nullptr) return InvalidArgument(std::string(kKey) + " is set; also set " + kEmail);
    if (key == nullptr) return InvalidArgument(std::string(kEmail) + " is set; also set " + kKey);
    std::string e = Trim(*email);
    if (!IsHeaderSafeToken(e) || e.find('@') == std::string::npos) {
      return InvalidArgument(std::string(kEmail) + " is malformed: it must be an email address");
    }
    std::string k = Trim(*key);
    if (!IsHeaderSafeToken(k)) return Malformed(kKey, "it must be printable ASCII without spaces");
    return GlobalApiKey(std::move(e), Secret(std::move(k)));
  }
  return InvalidArgument(std::string("no Cloudflare credentials: set ") + kToken + " (or " +
                         kTokenFile + " to a file holding the token), or " + kEmail + " with " +
                         kKey);
}

Result<Credentials> Credentials::FromTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(std::string(kTokenFile) + " names a file that cannot be read: " + path);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return InvalidArgument(std::string(kTokenFile) + " names a file that cannot be read: " + path);
  std::string value = Trim(content.str());
  if (value.empty()) {
    return InvalidArgument(std::string(kTokenFile) + " names an empty file: " + path + "; write the API token into it");
  }
  if (!IsHeaderSafeToken(value)) {
    return InvalidArgument(std::string(kTokenFile) + " is malformed: " + path +
                           " must hold one token of printable ASCII without spaces (the value is not shown)");
  }
  return ApiToken(Secret(std::move(value)));
}

bool Credentials::SameAs(const Credentials& other) const {
  return scheme_ == other.scheme_ && email_ == other.email_ && secret_.Reveal() == other.secret_.Reveal();
}

std::string_view Credentials::SchemeName() const {
  return scheme_ == Scheme::kApiToken ? "api_token" : "global_api_key";
}

std::vector<std::pair<std::string, std::string>> Credentials::AuthHeaders() const {
  if (scheme_ == Scheme::kApiToken) return {{"Authorization", "Bearer " + secret_.Reveal()}};
  return {{"X-Auth-Email", email_}, {"X-Auth-Key", secret_.Reveal()}};
}

std::vector<std::string> Credentials::SecretValues() const {
  if (secret_.empty()) return {};
  return {secret_.Reveal()};
}

}  // namespace edgecert::api
