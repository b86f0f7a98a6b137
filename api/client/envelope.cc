#include "api/client/envelope.h"

#include <system_error>

#include "api/client/json_fields.h"

namespace edgecert::api {
namespace {

// cpprest's parser recurses once per nesting level; refuse deep nesting before it can blow the stack.
constexpr int kMaxNesting = 64;

bool NestingWithinLimit(std::string_view body) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : body) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') {
      if (++depth > kMaxNesting) return false;
    } else if (c == '}' || c == ']') --depth;
  }
  return true;
}

Result<std::vector<ApiMessage>> ParseMessages(const web::json::value* array, const char* field) {
  std::vector<ApiMessage> out;
  if (array == nullptr) return out;
  for (const auto& item : array->as_array()) {
    // Cloudflare's messages are objects {code, message}; tolerate bare strings too.
    if (item.is_string()) {
      out.push_back({0, item.as_string()});
      continue;
    }
    JsonFields f(item, std::string("envelope ") + field + " entry");
    ApiMessage m;
    m.code = f.OptInt("code").value_or(0);
    m.message = f.OptString("message").value_or("");
    if (!f.ok()) return f.status();
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return false;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Result<Envelope> DecodeEnvelope(std::string_view body) {
  if (body.empty()) return Internal("response body is empty, expected a JSON envelope");
  if (!IsValidUtf8(body)) return Internal("response body is not valid UTF-8");
  if (!NestingWithinLimit(body)) {
    return Internal("response body nests deeper than " + std::to_string(kMaxNesting) + " levels");
  }
  std::error_code ec;
  web::json::value root;
  try {
    root = web::json::value::parse(std::string(body), ec);
  } catch (const std::exception&) {
    return Internal("response body is not valid JSON");
  }
  if (ec) return Internal("response body is not valid JSON");
  if (!root.is_object()) {
    return Internal(std::string("response body is a JSON ") + JsonTypeName(root) +
                    ", expected the envelope object");
  }

  JsonFields f(root, "response envelope");
  Envelope env;
  const std::optional<bool> success = f.OptBool("success");
  const auto* errors = f.Array("errors", false);
  const auto* messages = f.Array("messages", false);
  const auto* info = f.Object("result_info", false);
  if (!f.ok()) return f.status();
  const auto& obj = root.as_object();
  auto result_it = obj.find("result");
  if (result_it != obj.end()) env.result = result_it->second;
  if (!success.has_value()) {
    // A few endpoints (ssl/verification in the 2024 schema) document only `result`.
    if (result_it == obj.end()) {
      return Internal("response envelope has neither \"success\" nor \"result\"");
    }
    env.success = true;
  } else {
    env.success = *success;
  }

  auto errs = ParseMessages(errors, "errors");
  if (!errs.ok()) return errs.status();
  env.errors = std::move(errs).value();
  auto msgs = ParseMessages(messages, "messages");
  if (!msgs.ok()) return msgs.status();
  env.messages = std::move(msgs).value();

  if (info != nullptr) {
    JsonFields ri(*info, "result_info");
    ResultInfo r;
    r.page = ri.OptInt("page");
    r.per_page = ri.OptInt("per_page");
    r.count = ri.OptInt("count");
    r.total_count = ri.OptInt("total_count");
    r.total_pages = ri.OptInt("total_pages");
    if (!ri.ok()) return ri.status();
    env.result_info = r;
  }
  return env;
}

std::string FormatApiMessages(const std::vector<ApiMessage>& messages) {
  std::string out;
  for (const auto& m : messages) {
    if (!out.empty()) out += "; ";
    out += "[" + std::to_string(m.code) + "] " + m.message;
  }
  return out;
}

}  // namespace edgecert::api
