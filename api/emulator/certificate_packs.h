// Certificate pack views shared by the pack and verification handlers.
// Thread-safety: pure functions over state the caller has locked.
#pragma once

#include <cpprest/json.h>

#include "api/emulator/handler_context.h"

namespace edgecert::emulator {

// The pack as GET returns it at `ctx.now`.
web::json::value PackToJson(const CertificatePack& pack, const HandlerContext& ctx);
// The pack for the history: the API view plus "active_at" (emulator time, null when it times out).
web::json::value PackHistoryJson(const CertificatePack& pack, const HandlerContext& ctx);
// The pack of the zone with that id, or nullptr.
CertificatePack* FindPack(HandlerContext& ctx, const std::string& id);
// Validation records for one host of the pack's zone with the given method.
web::json::value ValidationRecord(const std::string& host, const std::string& zone_name, const std::string& method,
                                  const std::string& token);

}  // namespace edgecert::emulator
