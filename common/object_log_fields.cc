#include "common/object_log_fields.h"

#include <algorithm>
#include <cctype>

namespace edgecert {
namespace {

std::string Shown(const std::string& value) { return value.empty() ? "-" : value; }
std::string Read(std::string_view value) { return value == "-" ? std::string() : std::string(value); }

// A kind is a CamelCase word, as the manifests spell it.
bool IsKind(std::string_view s) {
  return !s.empty() && std::isupper(static_cast<unsigned char>(s.front())) &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

// Takes " KEY=value" off the front of `rest` (the value ends at the next space, or at ": "/the end for
// the last field); nullopt when `rest` does not start so.
std::optional<std::string_view> TakeField(std::string_view& rest, std::string_view key, bool last) {
  const std::string prefix = " " + std::string(key) + "=";
  if (rest.substr(0, prefix.size()) != prefix) return std::nullopt;
  rest.remove_prefix(prefix.size());
  std::size_t end = last ? rest.find(": ") : rest.find(' ');
  if (end == std::string_view::npos) {
    if (!last) return std::nullopt;
    end = rest.size();
  }
  const std::string_view value = rest.substr(0, end);
  if (value.empty() || value.find(' ') != std::string_view::npos) return std::nullopt;
  rest.remove_prefix(end);
  return value;
}

}  // namespace

std::string ObjectLogHead(const ObjectLogFields& f) {
  return f.kind + "/" + f.name + " zone=" + Shown(f.zone) + " id=" + Shown(f.remote_id);
}

std::string ObjectLogHeadWithoutZone(const ObjectLogFields& f) {
  return f.kind + "/" + f.name + " id=" + Shown(f.remote_id);
}

std::optional<ObjectLogFields> ReadObjectLogHead(std::string_view message) {
  const std::size_t space = message.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view key = message.substr(0, space);
  const std::size_t slash = key.find('/');
  if (slash == std::string_view::npos || slash + 1 == key.size() || !IsKind(key.substr(0, slash))) {
    return std::nullopt;
  }
  ObjectLogFields fields;
  fields.kind = std::string(key.substr(0, slash));
  fields.name = std::string(key.substr(slash + 1));
  std::string_view rest = message.substr(space);
  if (rest.substr(0, 6) == " zone=") {
    auto zone = TakeField(rest, "zone", false);
    if (!zone) return std::nullopt;
    fields.zone = Read(*zone);
  }
  auto id = TakeField(rest, "id", true);
  if (!id) return std::nullopt;
  fields.remote_id = Read(*id);
  if (!rest.empty() && rest.substr(0, 2) != ": ") return std::nullopt;
  return fields;
}

}  // namespace edgecert
