// Universal SSL settings and the zone's Automatic SSL/TLS mode (seed 001).
#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

value UniversalJson(const ZoneSettings& settings) {
  value v = value::object();
  v["enabled"] = value::boolean(settings.universal_ssl_enabled);
  return v;
}

value AutomaticModeJson(const ZoneSettings& settings, const HandlerContext& ctx) {
  value v = value::object();
  v["id"] = value::string("ssl_automatic_mode");
  v["editable"] = value::boolean(true);
  v["value"] = value::string(settings.automatic_mode);
  v["modified_on"] = settings.automatic_mode_modified_on ? value::string(FormatTime(*settings.automatic_mode_modified_on))
                                                         : value::null();
  if (settings.automatic_mode == "auto") {
    v["next_scheduled_scan"] = value::string(FormatTime(ctx.now + std::chrono::hours(24)));
  }
  return v;
}

}  // namespace

ApiResponse GetUniversalSslSettings(HandlerContext& ctx) { return SuccessEnvelope(UniversalJson(ctx.Settings())); }

ApiResponse PatchUniversalSslSettings(HandlerContext& ctx) {
  auto enabled = BoolField(ctx.Body(), "enabled");
  if (!enabled.value) return ErrorResponse(ErrorCode::kUniversalSettingInvalid);
  ZoneSettings& settings = ctx.Settings();
  settings.universal_ssl_enabled = *enabled.value;
  ctx.Record("universal_ssl", "update", ctx.zone->id, ctx.zone->id, UniversalJson(settings));
  return SuccessEnvelope(UniversalJson(settings));
}

ApiResponse GetSslAutomaticMode(HandlerContext& ctx) {
  return SuccessEnvelope(AutomaticModeJson(ctx.Settings(), ctx));
}

ApiResponse PatchSslAutomaticMode(HandlerContext& ctx) {
  auto mode = StringField(ctx.Body(), "value");
  if (!mode.value || (*mode.value != "auto" && *mode.value != "custom")) {
    return ErrorResponse(ErrorCode::kAutomaticModeInvalid);
  }
  ZoneSettings& settings = ctx.Settings();
  settings.automatic_mode = *mode.value;
  settings.automatic_mode_modified_on = ctx.now;
  ctx.Record("ssl_automatic_mode", "update", ctx.zone->id, ctx.zone->id, AutomaticModeJson(settings, ctx));
  return SuccessEnvelope(AutomaticModeJson(settings, ctx));
}

}  // namespace edgecert::emulator
