// Small pieces every per-kind reconciler uses: building a PlannedChange, publishing an ObjectStatus,
// reading API timestamps and secret references. Pure functions apart from ReadSecret (file or
// environment); safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/secret.h"
#include "common/status.h"
#include "manifests/objects.h"
#include "reconcile/object_status.h"
#include "reconcile/plan.h"
#include "reconcile/reconcile_context.h"

namespace edgecert::reconcile {

ObjectKey KeyOf(manifests::Kind kind, const std::string& name);

PlannedChange MakeChange(const ObjectKey& key, const std::string& zone, const std::string& remote_id,
                         ChangeType type, std::string reason);

// Sets the object's status board entry (phase, remote id/status, error, expiry).
void PublishStatus(ReconcileContext& ctx, const ObjectKey& key, const std::string& zone, Phase phase,
                   const std::string& remote_id, const std::string& remote_status,
                   const std::string& error = "", std::optional<Clock::TimePoint> expires_on = std::nullopt);

// "2026-01-01T00:00:00Z" / "2026-01-01T00:00:00.123Z" / "...+00:00"; nullopt when absent or unreadable.
std::optional<Clock::TimePoint> ParseApiTime(const std::optional<std::string>& text);

// Reads a private key from the file or environment variable the manifest names. The error names
// where it looked, never the content.
Result<Secret> ReadSecret(const manifests::SecretReference& reference);

// The injected clock's now, in the inventory's time type (create intents).
std::chrono::system_clock::time_point IntentTime(const ReconcileContext& ctx);

// Lowercase hex SHA-256, used as the inventory's spec fingerprint and as create-intent match keys.
std::string Fingerprint(std::string_view text);

// The API refused because of a Cloudflare error code (the client's message carries "[code] ...").
bool HasApiErrorCode(const Status& status, int code);

}  // namespace edgecert::reconcile
