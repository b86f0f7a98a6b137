#include "api/emulator/handler_context.h"

namespace edgecert::emulator {

const web::json::value& HandlerContext::Body() const {
  static const web::json::value kEmpty = web::json::value::object();
  return request.body && request.body->is_object() ? *request.body : kEmpty;
}

std::string HandlerContext::Param(const std::string& name) const {
  auto it = request.params.find(name);
  return it == request.params.end() ? std::string() : it->second;
}

std::string HandlerContext::Query(const std::string& name) const {
  auto it = request.query.find(name);
  return it == request.query.end() ? std::string() : it->second;
}

void HandlerContext::Record(std::string kind, std::string action, std::string id, std::string scope_id,
                            web::json::value object) {
  state.Record(now, request.principal.credential_id, std::move(kind), std::move(action), std::move(id),
               std::move(scope_id), std::move(object));
  if (auto agent = request.headers.find("user-agent"); agent != request.headers.end()) {
    state.history.back().user_agent = agent->second;
  }
}

ZoneSettings& HandlerContext::Settings() { return state.zone_settings[zone->id]; }

}  // namespace edgecert::emulator
