// GET /accounts and GET /zones, filtered to what the caller's credential can see.
#include <algorithm>

#include "api/emulator/auth.h"
#include "api/emulator/emulator_clock.h"
#include "api/emulator/envelope.h"
#include "api/emulator/error_codes.h"
#include "api/emulator/handlers.h"
#include "api/emulator/json_fields.h"

namespace edgecert::emulator {

namespace {

using web::json::value;

// The API's name filters: "contains:", "starts_with:", "ends_with:" or an exact match.
bool NameMatches(const std::string& filter, const std::string& name) {
  auto starts = [](const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; };
  if (filter.empty()) return true;
  if (starts(filter, "contains:")) return name.find(filter.substr(9)) != std::string::npos;
  if (starts(filter, "starts_with:")) return starts(name, filter.substr(12));
  if (starts(filter, "ends_with:")) {
    const std::string suffix = filter.substr(10);
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  }
  return filter == name;
}

value AccountJson(const AccountConfig& a, const HandlerContext& ctx) {
  value v = value::object();
  v["id"] = value::string(a.id);
  v["name"] = value::string(a.name);
  v["type"] = value::string("standard");
  v["created_on"] = value::string(FormatTime(ctx.now - std::chrono::hours(24 * 365)));
  value settings = value::object();
  settings["enforce_twofactor"] = value::boolean(false);
  v["settings"] = settings;
  return v;
}

value ZoneJson(const ZoneConfig& z, const AccountConfig& a, const HandlerContext& ctx) {
  value v = value::object();
  v["id"] = value::string(z.id);
  v["name"] = value::string(z.name);
  v["status"] = value::string("active");
  v["paused"] = value::boolean(false);
  v["type"] = value::string("full");
  v["development_mode"] = value::number(0);
  value account = value::object();
  account["id"] = value::string(a.id);
  account["name"] = value::string(a.name);
  v["account"] = account;
  // The v4 zone object says what the caller may do; edgecert validate --online reads "#ssl:edit".
  std::vector<std::string> permissions = {"#zone:read", "#ssl:read"};
  if (ctx.request.principal.can_edit) permissions.push_back("#ssl:edit");
  v["permissions"] = StringArray(permissions);
  value owner = value::object();
  owner["id"] = value::string(a.id);
  owner["name"] = value::string(a.name);
  owner["type"] = value::string("organization");
  v["owner"] = owner;
  value meta = value::object();
  meta["cdn_only"] = value::boolean(false);
  meta["custom_certificate_quota"] = value::number(10);
  meta["dns_only"] = value::boolean(false);
  meta["foundation_dns"] = value::boolean(false);
  meta["page_rule_quota"] = value::number(125);
  meta["phishing_detected"] = value::boolean(false);
  meta["step"] = value::number(2);
  v["meta"] = meta;
  v["name_servers"] = StringArray({"ada.ns.cloudflare.com", "bob.ns.cloudflare.com"});
  v["original_name_servers"] = value::null();
  v["original_registrar"] = value::null();
  v["original_dnshost"] = value::null();
  const std::string created = FormatTime(ctx.now - std::chrono::hours(24 * 365));
  v["created_on"] = value::string(created);
  v["modified_on"] = value::string(created);
  v["activated_on"] = value::string(created);
  return v;
}

}  // namespace

ApiResponse ListAccounts(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  std::vector<value> items;
  for (const auto& a : ctx.config.accounts) {
    if (!CanAccessAccount(ctx.request.principal, a.id) && !std::any_of(ctx.config.zones.begin(), ctx.config.zones.end(),
                                                                      [&](const ZoneConfig& z) {
                                                                        return z.account_id == a.id &&
                                                                               CanAccessZone(ctx.request.principal, z);
                                                                      })) {
      continue;
    }
    if (!NameMatches(ctx.Query("name"), a.name)) continue;
    items.push_back(AccountJson(a, ctx));
  }
  if (ctx.Query("direction") == "desc") std::reverse(items.begin(), items.end());
  return PagedEnvelope(items, *page);
}

ApiResponse ListZones(HandlerContext& ctx) {
  auto page = ParsePageRequest(ctx.request);
  if (!page.ok()) return ErrorResponse(ErrorCode::kInvalidPagination, page.status().message());
  const std::string status = ctx.Query("status");
  std::vector<value> items;
  for (const auto& z : ctx.config.zones) {
    if (!CanAccessZone(ctx.request.principal, z)) continue;
    const AccountConfig* account = ctx.config.FindAccount(z.account_id);
    if (account == nullptr) continue;
    if (!NameMatches(ctx.Query("name"), z.name)) continue;
    if (!ctx.Query("account.id").empty() && ctx.Query("account.id") != account->id) continue;
    if (!NameMatches(ctx.Query("account.name"), account->name)) continue;
    if (!status.empty() && status != "active") continue;
    items.push_back(ZoneJson(z, *account, ctx));
  }
  if (ctx.Query("direction") == "desc") std::reverse(items.begin(), items.end());
  return PagedEnvelope(items, *page);
}

// GET /user/tokens/verify: the API token's id and status. An API key (X-Auth-Key) is no token.
ApiResponse VerifyToken(HandlerContext& ctx) {
  auto auth = ctx.request.headers.find("authorization");
  if (auth == ctx.request.headers.end() || auth->second.rfind("Bearer ", 0) != 0) {
    return ErrorResponse(ErrorCode::kInvalidToken, "Invalid API Token: only API tokens can be verified");
  }
  value v = value::object();
  v["id"] = value::string(ctx.request.principal.credential_id);
  v["status"] = value::string("active");
  return SuccessEnvelope(v);
}

}  // namespace edgecert::emulator
