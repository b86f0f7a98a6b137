#include "reconcile/state/etcd/etcd_connection.h"

#include <fstream>
#include <sstream>

namespace edgecert::reconcile {
namespace {

constexpr std::string_view kScheme = "etcd://";

// The variable's value, or the contents of the file its _FILE variant names (trailing newline dropped).
Result<std::string> FromEnv(const std::map<std::string, std::string>& env, const std::string& name) {
  auto direct = env.find(name);
  auto file = env.find(name + "_FILE");
  const bool has_direct = direct != env.end() && !direct->second.empty();
  const bool has_file = file != env.end() && !file->second.empty();
  if (has_direct && has_file) return InvalidArgument("set " + name + " or " + name + "_FILE, not both");
  if (has_direct) return direct->second;
  if (!has_file) return std::string();
  std::ifstream in(file->second, std::ios::binary);
  if (!in) return InvalidArgument(name + "_FILE names " + file->second + ", which cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  std::string value = text.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.empty()) return InvalidArgument(name + "_FILE names " + file->second + ", which is empty");
  return value;
}

}  // namespace

std::string EtcdConnection::Describe() const {
  std::string out(kScheme);
  for (std::size_t i = 0; i < endpoints.size(); ++i) out += (i == 0 ? "" : ",") + endpoints[i];
  return out + prefix;
}

bool IsEtcdUrl(std::string_view text) { return text.substr(0, kScheme.size()) == kScheme; }

Result<EtcdConnection> ParseEtcdUrl(std::string_view url) {
  const std::string shown(url);
  if (!IsEtcdUrl(url)) return InvalidArgument("state store '" + shown + "' does not start with etcd://");
  std::string_view rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 == rest.size()) {
    return InvalidArgument("state store '" + shown +
                           "' has no key prefix: write etcd://HOST:PORT[,HOST:PORT...]/PREFIX, e.g. "
                           "etcd://127.0.0.1:2379/edgecert/prod");
  }
  EtcdConnection connection;
  std::string prefix(rest.substr(slash));
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  if (prefix == "/") return InvalidArgument("state store '" + shown + "' has an empty key prefix");
  connection.prefix = prefix;
  std::string_view hosts = rest.substr(0, slash);
  while (!hosts.empty()) {
    const auto comma = hosts.find(',');
    std::string endpoint(hosts.substr(0, comma));
    const auto colon = endpoint.rfind(':');
    if (endpoint.empty() || colon == std::string::npos || colon == 0 || colon + 1 == endpoint.size() ||
        endpoint.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
      return InvalidArgument("state store '" + shown + "': endpoint '" + endpoint + "' is not HOST:PORT");
    }
    connection.endpoints.push_back(endpoint);
    if (comma == std::string_view::npos) break;
    hosts.remove_prefix(comma + 1);
  }
  if (connection.endpoints.empty()) return InvalidArgument("state store '" + shown + "' names no endpoint");
  return connection;
}

Status LoadEtcdCredentials(const std::map<std::string, std::string>& env, EtcdConnection& connection) {
  auto user = FromEnv(env, "EDGECERT_ETCD_USER");
  if (!user.ok()) return user.status();
  auto password = FromEnv(env, "EDGECERT_ETCD_PASSWORD");
  if (!password.ok()) return password.status();
  if (user->empty() != password->empty()) {
    return InvalidArgument(user->empty() ? "EDGECERT_ETCD_PASSWORD is set but EDGECERT_ETCD_USER is not"
                                         : "EDGECERT_ETCD_USER is set but EDGECERT_ETCD_PASSWORD is not");
  }
  connection.user = *user;
  connection.password = Secret(*password);
  return Status::Ok();
}

}  // namespace edgecert::reconcile
