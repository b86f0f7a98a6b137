#include "reconcile/kinds/kind_support.h"

#include <cstdlib>
#include <ctime>

#include "manifests/canonical_form.h"
#include "reconcile/state/atomic_file.h"

namespace edgecert::reconcile {

ObjectKey KeyOf(manifests::Kind kind, const std::string& name) { return ObjectKey{kind, name}; }

PlannedChange MakeChange(const ObjectKey& key, const std::string& zone, const std::string& remote_id,
                         ChangeType type, std::string reason) {
  PlannedChange change;
  change.kind = key.kind;
  change.name = key.name;
  change.zone = zone;
  change.remote_id = remote_id;
  change.type = type;
  change.reason = std::move(reason);
  return change;
}

void PublishStatus(ReconcileContext& ctx, const ObjectKey& key, const std::string& zone, Phase phase,
                   const std::string& remote_id, const std::string& remote_status, const std::string& error,
                   std::optional<Clock::TimePoint> expires_on) {
  ObjectStatus status;
  if (auto previous = ctx.status.Get(key)) status = *previous;  // keeps validation records, next action
  status.key = key;
  status.zone = zone;
  status.phase = phase;
  status.remote_id = remote_id;
  status.remote_status = remote_status;
  status.last_error = error;
  if (expires_on) status.expires_on = expires_on;
  ctx.status.Set(std::move(status));
}

std::optional<Clock::TimePoint> ParseApiTime(const std::optional<std::string>& text) {
  if (!text || text->size() < 19) return std::nullopt;
  std::tm tm{};
  const char* end = strptime(text->c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  std::time_t seconds = timegm(&tm);
  if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
  return Clock::TimePoint(std::chrono::seconds(seconds));
}

Result<Secret> ReadSecret(const manifests::SecretReference& reference) {
  if (reference.source == manifests::SecretReference::Source::kEnvironment) {
    const char* value = std::getenv(reference.value.c_str());
    if (value == nullptr || *value == '\0') {
      return FailedPrecondition("environment variable " + reference.value + " holding the private key is not set");
    }
    return Secret(value);
  }
  const std::string path = reference.resolved_file.empty() ? reference.value : reference.resolved_file;
  auto content = ReadFileIfExists(path);
  if (!content.ok()) return content.status();
  if (!content->has_value()) return FailedPrecondition("private key file " + path + " does not exist");
  return Secret(**content);
}

std::chrono::system_clock::time_point IntentTime(const ReconcileContext& ctx) {
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(ctx.clock.Now());
}

std::string Fingerprint(std::string_view text) { return manifests::Sha256Hex(std::string(text)); }

bool HasApiErrorCode(const Status& status, int code) {
  return status.message().find("[" + std::to_string(code) + "]") != std::string::npos;
}

}  // namespace edgecert::reconcile
