#include "api/emulator/emulator_config.h"

#include <openssl/sha.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace edgecert::emulator {

const AccountConfig* EmulatorConfig::FindAccount(std::string_view id) const {
  for (const auto& a : accounts) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

const ZoneConfig* EmulatorConfig::FindZone(std::string_view id) const {
  for (const auto& z : zones) {
    if (z.id == id) return &z;
  }
  return nullptr;
}

std::string StableId(std::string_view name) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

EmulatorConfig DefaultEmulatorConfig() {
  EmulatorConfig config;
  AccountConfig account{StableId("account:Emulator Account"), "Emulator Account", 5};
  config.accounts.push_back(account);
  for (const char* name : {"example.com", "example.net"}) {
    config.zones.push_back({StableId(std::string("zone:") + name), name, account.id, 10});
  }
  CredentialConfig edit;
  edit.name = "default-edit-token";
  edit.token = Secret(kDefaultEditToken);
  edit.can_edit = true;
  edit.account_ids = {"*"};
  edit.zone_ids = {"*"};
  CredentialConfig read = edit;
  read.name = "default-read-token";
  read.token = Secret(kDefaultReadToken);
  read.can_edit = false;
  CredentialConfig key = edit;
  key.name = "default-api-key";
  key.token = Secret();
  key.email = kDefaultEmail;
  key.api_key = Secret(kDefaultApiKey);
  config.credentials = {edit, read, key};
  return config;
}

namespace {

std::string ScalarOr(const YAML::Node& node, const char* key, const std::string& fallback) {
  if (node[key] && node[key].IsScalar()) return node[key].as<std::string>();
  return fallback;
}

// Resolves a list of names or ids ("*" kept) against a lookup; unknown names are an error.
template <typename Items>
Result<std::vector<std::string>> ResolveScope(const YAML::Node& list, const Items& items, const char* what) {
  std::vector<std::string> out;
  if (!list) return out;
  if (!list.IsSequence()) return InvalidArgument(std::string(what) + " must be a list");
  for (const auto& entry : list) {
    const std::string text = entry.as<std::string>();
    if (text == "*") {
      out.push_back(text);
      continue;
    }
    bool found = false;
    for (const auto& item : items) {
      if (item.id == text || item.name == text) {
        out.push_back(item.id);
        found = true;
        break;
      }
    }
    if (!found) return InvalidArgument(std::string(what) + ": unknown " + text);
  }
  return out;
}

Result<EmulatorConfig> ParseNode(const YAML::Node& root) {
  EmulatorConfig config;
  if (!root.IsMap()) return InvalidArgument("the config must be a YAML mapping");
  for (const auto& node : root["accounts"]) {
    AccountConfig a;
    a.name = ScalarOr(node, "name", "");
    if (a.name.empty()) return InvalidArgument("every account needs a name");
    a.id = ScalarOr(node, "id", StableId("account:" + a.name));
    if (node["mtls_ca_limit"]) a.mtls_ca_limit = node["mtls_ca_limit"].as<int>();
    config.accounts.push_back(a);
  }
  if (config.accounts.empty()) return InvalidArgument("the config needs at least one account");
  for (const auto& node : root["zones"]) {
    ZoneConfig z;
    z.name = ScalarOr(node, "name", "");
    if (z.name.empty()) return InvalidArgument("every zone needs a name");
    z.id = ScalarOr(node, "id", StableId("zone:" + z.name));
    const std::string account = ScalarOr(node, "account", config.accounts.front().name);
    for (const auto& a : config.accounts) {
      if (a.name == account || a.id == account) z.account_id = a.id;
    }
    if (z.account_id.empty()) return InvalidArgument("zone " + z.name + ": unknown account " + account);
    if (node["advanced_pack_quota"]) z.advanced_pack_quota = node["advanced_pack_quota"].as<int>();
    config.zones.push_back(z);
  }
  for (const auto& node : root["credentials"]) {
    CredentialConfig c;
    c.name = ScalarOr(node, "name", "");
    c.token = Secret(ScalarOr(node, "token", ""));
    c.email = ScalarOr(node, "email", "");
    c.api_key = Secret(ScalarOr(node, "api_key", ""));
    if (c.name.empty()) return InvalidArgument("every credential needs a name");
    if (c.token.empty() == (c.email.empty() || c.api_key.empty())) {
      return InvalidArgument("credential " + c.name + ": give either token, or email and api_key");
    }
    const std::string permission = ScalarOr(node, "permission", "read");
    if (permission != "read" && permission != "edit") {
      return InvalidArgument("credential " + c.name + ": permission must be read or edit");
    }
    c.can_edit = permission == "edit";
    auto accounts = ResolveScope(node["accounts"], config.accounts, "accounts");
    if (!accounts.ok()) return accounts.status().WithContext("credential " + c.name);
    auto zones = ResolveScope(node["zones"], config.zones, "zones");
    if (!zones.ok()) return zones.status().WithContext("credential " + c.name);
    c.account_ids = *accounts;
    c.zone_ids = *zones;
    config.credentials.push_back(c);
  }
  if (config.credentials.empty()) return InvalidArgument("the config needs at least one credential");
  if (const YAML::Node life = root["lifecycle"]) {
    auto read = [&life](const char* key, std::chrono::seconds& out) {
      if (life[key]) out = std::chrono::seconds(life[key].as<long>());
    };
    read("initializing_seconds", config.lifecycle.initializing);
    read("validation_seconds", config.lifecycle.validation);
    read("issuance_seconds", config.lifecycle.issuance);
    read("deployment_seconds", config.lifecycle.deployment);
    read("revocation_seconds", config.lifecycle.revocation);
    read("reactivation_seconds", config.lifecycle.reactivation);
  }
  if (const YAML::Node rate = root["rate_limit"]) {
    if (rate["requests"]) config.rate_limit.requests = rate["requests"].as<int>();
    if (rate["window_seconds"]) config.rate_limit.window_seconds = rate["window_seconds"].as<int>();
    if (config.rate_limit.requests < 0 || config.rate_limit.window_seconds < 1) {
      return InvalidArgument("rate_limit needs requests >= 0 and window_seconds >= 1");
    }
  }
  return config;
}

}  // namespace

Result<EmulatorConfig> ParseEmulatorConfig(const std::string& yaml_text) {
  try {
    return ParseNode(YAML::Load(yaml_text));
  } catch (const YAML::Exception& e) {
    // yaml-cpp messages carry line and column but never the values of secret fields.
    return InvalidArgument(std::string("emulator config: ") + e.what());
  }
}

Result<EmulatorConfig> LoadEmulatorConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot read emulator config " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseEmulatorConfig(text.str());
  if (!parsed.ok()) return parsed.status().WithContext(path);
  return parsed;
}

}  // namespace edgecert::emulator
