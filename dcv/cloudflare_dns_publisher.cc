#include "dcv/cloudflare_dns_publisher.h"

#include <algorithm>

#include "dcv/dcv_records.h"

namespace edgecert::dcv {
namespace {

using manifests::ValidationRecordsPublishing;

// The API may read TXT content back quoted ("\"value\""); the value is what is compared.
std::string Unquoted(const std::string& content) {
  if (content.size() >= 2 && content.front() == '"' && content.back() == '"') {
    return content.substr(1, content.size() - 2);
  }
  return content;
}

bool InZone(const std::string& name, const std::string& apex) {
  return name == apex || (name.size() > apex.size() && name.ends_with("." + apex));
}

// The Zone (manifest name) whose DNS holds each publishing object's records.
std::map<reconcile::ObjectKey, std::string> Publishers(const manifests::DesiredState& desired) {
  std::map<reconcile::ObjectKey, std::string> out;
  for (const auto& p : desired.certificate_packs()) {
    if (!p.validation_records.enabled()) continue;
    out[{manifests::Kind::kCertificatePack, p.meta.name}] =
        p.validation_records.dns_zone.empty() ? p.zone : p.validation_records.dns_zone;
  }
  for (const auto& h : desired.custom_hostnames()) {
    if (h.validation_records.enabled())
      out[{manifests::Kind::kCustomHostname, h.meta.name}] = h.validation_records.dns_zone;
  }
  return out;
}

class Errors {
 public:
  void Add(const Status& s) {
    if (s.ok()) return;
    if (first_.ok()) first_ = s;
    ++count_;
  }
  Status Result() const {
    if (count_ <= 1) return first_;
    return Status(first_.code(), first_.message() + " (and " + std::to_string(count_ - 1) + " more)");
  }

 private:
  Status first_ = Status::Ok();
  int count_ = 0;
};

}  // namespace

struct CloudflareDnsPublisher::Wanted {
  reconcile::ObjectKey key;
  std::string zone_id;
  std::string zone;  // apex
  std::string name;
  std::string content;
};

std::string ManagedComment(const reconcile::ObjectKey& key) { return kManagedCommentPrefix + key.ToString(); }

Status CloudflareDnsPublisher::Sweep(const std::string& zone_id, const std::string& apex) {
  auto records = client_.ListDnsRecords(zone_id, {"TXT", ""});
  if (!records.ok()) return records.status().WithContext("list the TXT records of zone " + apex);
  for (const auto& r : *records) {
    const std::string comment = r.comment.value_or("");
    if (!comment.starts_with(kManagedCommentPrefix)) continue;
    const std::string key = comment.substr(std::string(kManagedCommentPrefix).size());
    const auto slash = key.find('/');
    if (slash == std::string::npos) continue;
    // A kind this edgecert does not know (a newer one's record): not provably ours, so left alone.
    const auto kind = manifests::KindFromName(std::string_view(key).substr(0, slash));
    if (!kind) continue;
    ours_[r.id] = {{*kind, key.substr(slash + 1)}, zone_id, apex, r.name, Unquoted(r.content)};
  }
  swept_.insert(zone_id);
  return Status::Ok();
}

Status CloudflareDnsPublisher::Publish(const Wanted& w) {
  const std::string what = w.key.ToString() + ": TXT record " + w.name + " in zone " + w.zone;
  auto present = client_.ListDnsRecords(w.zone_id, {"TXT", w.name});
  if (!present.ok()) return present.status().WithContext(what + ": list");
  for (const auto& r : *present) {
    if (Unquoted(r.content) != w.content) continue;
    if (r.comment.value_or("") == ManagedComment(w.key)) {
      ours_[r.id] = {w.key, w.zone_id, w.zone, w.name, w.content};  // made earlier (ambiguous create, restart)
    }
    return Status::Ok();  // published, by edgecert or by hand; a hand-made record is never ours to delete
  }
  api::CreateDnsRecordRequest request{"TXT", w.name, w.content, 1, ManagedComment(w.key)};
  auto created = client_.CreateDnsRecord(w.zone_id, request);
  if (!created.ok()) return created.status().WithContext(what + ": create");
  ours_[created->id] = {w.key, w.zone_id, w.zone, w.name, w.content};
  log_.info("dcv: created TXT record {} in zone {} for {} {} (validationRecords.publish: CloudflareDNS)", w.name,
            w.zone, manifests::KindName(w.key.kind), w.key.name);
  return Status::Ok();
}

Status CloudflareDnsPublisher::Unpublish(const std::string& id, const Published& r) {
  Status s = client_.DeleteDnsRecord(r.zone_id, id);
  if (!s.ok()) return s.WithContext(r.key.ToString() + ": delete TXT record " + r.name + " in zone " + r.zone);
  log_.info("dcv: deleted TXT record {} in zone {} of {} {} (no longer pending)", r.name, r.zone,
            manifests::KindName(r.key.kind), r.key.name);
  return Status::Ok();
}

Status CloudflareDnsPublisher::Sync(const manifests::DesiredState& desired,
                                    const reconcile::ObjectStatusBoard& statuses) {
  std::lock_guard<std::mutex> lock(mu_);
  Errors errors;
  // Only the publishing objects' statuses are read: a pass runs after every reconcile, and copying
  // every status each time made converging N objects cost O(N^2) (see docs/benchmarks.md).
  std::map<reconcile::ObjectKey, reconcile::ObjectStatus> by_key;

  const auto publishers = Publishers(desired);
  std::vector<Wanted> wanted;
  for (const auto& [key, zone_name] : publishers) {
    if (auto status = statuses.Get(key)) by_key.emplace(key, std::move(*status));
  }
  for (const auto& [key, zone_name] : publishers) {
    const manifests::Zone* zone = desired.FindZone(zone_name);
    if (zone == nullptr) continue;  // validate refuses this
    auto zone_id = scopes_.ZoneId(desired, zone_name);
    if (!zone_id.ok()) {
      errors.Add(zone_id.status().WithContext(key.ToString() + ": zone " + zone->apex));
      continue;
    }
    if (!swept_.count(*zone_id)) {
      if (Status s = Sweep(*zone_id, zone->apex); !s.ok()) {
        errors.Add(s.WithContext(key.ToString()));
        continue;
      }
    }
    auto it = by_key.find(key);
    if (it == by_key.end()) continue;
    for (const DnsRecord& r : PendingDnsRecords(it->second)) {
      if (r.type != "TXT") continue;
      if (!InZone(r.name, zone->apex)) {
        errors.Add(FailedPrecondition(key.ToString() + ": TXT record " + r.name + " is not in zone " + zone->apex +
                                      " (validationRecords.dnsZone); not published"));
        continue;
      }
      wanted.push_back({key, *zone_id, zone->apex, r.name, r.value});
    }
  }

  for (const Wanted& w : wanted) {
    const bool known = std::any_of(ours_.begin(), ours_.end(), [&w](const auto& entry) {
      const Published& p = entry.second;
      return p.key == w.key && p.zone_id == w.zone_id && p.name == w.name && p.content == w.content;
    });
    if (!known) errors.Add(Publish(w));
  }

  for (auto it = ours_.begin(); it != ours_.end();) {
    const Published& p = it->second;
    const bool still_wanted = std::any_of(wanted.begin(), wanted.end(), [&p](const Wanted& w) {
      return p.key == w.key && p.zone_id == w.zone_id && p.name == w.name && p.content == w.content;
    });
    // A publishing object whose status is not known yet (a fresh process) keeps its records.
    const bool undecided = publishers.count(p.key) && !by_key.count(p.key);
    if (still_wanted || undecided) {
      ++it;
      continue;
    }
    Status s = Unpublish(it->first, p);
    errors.Add(s);
    it = s.ok() ? ours_.erase(it) : std::next(it);
  }
  return errors.Result();
}

}  // namespace edgecert::dcv
