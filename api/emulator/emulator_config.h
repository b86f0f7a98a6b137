// EmulatorConfig: the accounts, zones, credentials, quotas and lifecycle timings the emulator serves,
// from an optional YAML file or the built-in default. Thread-safety: plain values.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "api/emulator/fault_config.h"
#include "common/secret.h"
#include "common/status.h"

namespace edgecert::emulator {

// The built-in default credentials: for the local emulator only, never valid on Cloudflare.
inline constexpr char kDefaultEditToken[] = "edgecert-emulator-edit-token";
inline constexpr char kDefaultReadToken[] = "edgecert-emulator-read-token";
inline constexpr char kDefaultEmail[] = "emulator@example.com";
inline constexpr char kDefaultApiKey[] = "edgecert-emulator-api-key";

struct AccountConfig {
  std::string id;
  std::string name;
  int mtls_ca_limit = 5;
};

struct ZoneConfig {
  std::string id;
  std::string name;
  std::string account_id;
  int advanced_pack_quota = 10;
};

// Either a bearer token or an email + global API key. Scopes hold account and zone ids ("*" = all);
// an account in scope covers its zones.
struct CredentialConfig {
  std::string name;  // shown in history and logs instead of the secret
  Secret token;
  std::string email;
  Secret api_key;
  bool can_edit = false;
  std::vector<std::string> account_ids;
  std::vector<std::string> zone_ids;
};

// Emulator-time durations of each asynchronous step.
struct LifecycleConfig {
  std::chrono::seconds initializing{10};
  std::chrono::seconds validation{60};
  std::chrono::seconds issuance{30};
  std::chrono::seconds deployment{30};
  std::chrono::seconds revocation{30};
  std::chrono::seconds reactivation{30};
};

struct EmulatorConfig {
  std::vector<AccountConfig> accounts;
  std::vector<ZoneConfig> zones;
  std::vector<CredentialConfig> credentials;
  LifecycleConfig lifecycle;
  RateLimit rate_limit;

  const AccountConfig* FindAccount(std::string_view id) const;
  const ZoneConfig* FindZone(std::string_view id) const;
};

// One account, zones example.com and example.net, an edit token, a read token and an email + key.
EmulatorConfig DefaultEmulatorConfig();

// Parses the YAML text (see docs/emulator.md, "Config format"). Names in scopes are resolved to ids.
Result<EmulatorConfig> ParseEmulatorConfig(const std::string& yaml_text);
Result<EmulatorConfig> LoadEmulatorConfig(const std::string& path);

// A stable 32-hex id derived from a name, so configured objects keep their ids across restarts.
std::string StableId(std::string_view name);

}  // namespace edgecert::emulator
