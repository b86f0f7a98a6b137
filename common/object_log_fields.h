// The one grammar of a per-object log line's head, "Kind/name zone=Z id=I: ...": the controller writes
// it (so text logs read the same as before) and the JSON log formatter reads it back into the fields
// "kind", "name", "zone" and "remote_id". "-" stands for an unknown zone or id; zone= may be left out.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace edgecert {

struct ObjectLogFields {
  std::string kind;
  std::string name;
  std::string zone;       // empty: unknown (written "-")
  std::string remote_id;  // empty: none yet (written "-")
};

// "Kind/name zone=Z id=I" (without the colon the message goes on with).
std::string ObjectLogHead(const ObjectLogFields& fields);
// "Kind/name id=I": for lines about an object no longer in any zone the controller knows.
std::string ObjectLogHeadWithoutZone(const ObjectLogFields& fields);

// The fields of a message that starts with such a head followed by ": " (or ends with it); nullopt
// for every other message.
std::optional<ObjectLogFields> ReadObjectLogHead(std::string_view message);

}  // namespace edgecert
