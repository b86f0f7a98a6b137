#include "dcv/records_directory.h"

#include <cctype>

#include "dcv/dcv_records.h"
#include "reconcile/state/atomic_file.h"

namespace edgecert::dcv {
namespace {

constexpr auto kMode = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                       std::filesystem::perms::group_read | std::filesystem::perms::others_read;

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A file this directory wrote: its first line is the marker (after "#" or ";").
bool IsOurs(const std::filesystem::path& path) {
  auto content = reconcile::ReadFileIfExists(path);
  if (!content.ok() || !content->has_value()) return false;
  const std::string marker = std::string(kMarker).substr(1);
  const std::string& text = **content;
  return text.size() > marker.size() && (text[0] == '#' || text[0] == ';') &&
         text.compare(1, marker.size(), marker) == 0;
}

// File name -> content for every object with pending records.
std::map<std::string, std::string> Wanted(const std::vector<reconcile::ObjectStatus>& statuses) {
  std::map<std::string, std::string> files;
  std::map<std::string, std::vector<ObjectRecords>> per_zone;
  for (const auto& status : statuses) {
    std::vector<DnsRecord> records = PendingDnsRecords(status);
    if (records.empty()) continue;
    files[Lower(std::string(manifests::KindName(status.key.kind)) + "-" + status.key.name) + ".yaml"] =
        RenderDnsEndpoint(status.key, records);
    per_zone[status.zone].push_back({status.key, std::move(records)});
  }
  for (const auto& [zone, objects] : per_zone) files[zone + ".zone"] = RenderZoneFragment(zone, objects);
  return files;
}

}  // namespace

Status DnsRecordsDirectory::Sync(const std::vector<reconcile::ObjectStatus>& statuses) {
  const std::map<std::string, std::string> wanted = Wanted(statuses);
  std::lock_guard<std::mutex> lock(mu_);
  Status first = Status::Ok();
  auto keep = [&first](Status s) {
    if (first.ok() && !s.ok()) first = std::move(s);
  };
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Unavailable("create " + dir_.string() + ": " + ec.message());
  for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".zone") || wanted.count(name)) continue;
    if (!IsOurs(entry.path())) continue;
    std::error_code remove_ec;
    std::filesystem::remove(entry.path(), remove_ec);
    if (remove_ec) keep(Unavailable("remove " + entry.path().string() + ": " + remove_ec.message()));
    written_.erase(name);
  }
  if (ec) keep(Unavailable("list " + dir_.string() + ": " + ec.message()));
  for (const auto& [name, content] : wanted) {
    const std::filesystem::path path = dir_ / name;
    auto it = written_.find(name);
    if (it != written_.end() && it->second == content && std::filesystem::exists(path, ec)) continue;
    if (std::filesystem::exists(path, ec) && !IsOurs(path)) {
      keep(FailedPrecondition(path.string() + " exists and was not written by edgecert; not replacing it"));
      continue;
    }
    Status s = reconcile::WriteFileAtomically(path, content, kMode);
    if (s.ok()) {
      written_[name] = content;
    } else {
      keep(s.WithContext("write " + path.string()));
    }
  }
  return first;
}

void DnsRecordsObserver::OnReconciled(const reconcile::ReconcileEvent& event) {
  if (manifests::FactsOf(event.key.kind).validation_records) pass_.Run();
  next_.OnReconciled(event);
}

void DnsRecordsObserver::OnSyncCompleted(Clock::TimePoint when) {
  pass_.Run();
  next_.OnSyncCompleted(when);
}

}  // namespace edgecert::dcv
